// The one input handler: a key press becomes a binding of the current mode (or nothing), a
// disabled binding shows its reason, and in the text-edit mode unbound keys are typed.
import { bindingFor, type KeyBinding, type KeyContext, type Mode } from './keymap.js';
import { lineEditFor, type LineEdit } from './line-edit.js';
import { useKeyNames } from './use-key-names.js';

export interface KeymapInput {
  keymap: readonly KeyBinding[];
  mode: Mode;
  context: KeyContext;
  actions: Partial<Record<string, () => void>>;
  onDisabled: (binding: KeyBinding, reason: string) => void;
  onType?: (edit: LineEdit) => void;
  /** Runs before every binding that is carried out (the App clears its last notice here). */
  beforeAction?: () => void;
  /** A key no binding of this mode takes (outside the text editor). */
  onUnbound?: (name: string) => void;
}

export function useKeymapInput({ keymap, mode, context, actions, onDisabled, onType, beforeAction, onUnbound }: KeymapInput): void {
  useKeyNames((name, input) => {
    const binding = bindingFor(keymap, mode, name);
    if (!binding) {
      if ((mode === 'edit' || mode === 'seek') && onType) {
        const edit = lineEditFor(name, input);
        if (edit) onType(edit);
      } else {
        onUnbound?.(name);
      }
      return;
    }
    const reason = binding.disabledReason?.(context);
    if (reason) {
      onDisabled(binding, reason);
      return;
    }
    beforeAction?.();
    actions[binding.id]?.();
  });
}
