export async function fleetCommand(_args: Record<string, unknown>): Promise<number> {
  return 3;
}
