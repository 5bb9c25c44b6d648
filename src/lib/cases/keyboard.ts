/**
 * The queue's keyboard shortcuts: one map from key to command, the help overlay lists it, and
 * nothing fires while the operator types in a field (only Escape, to leave the field).
 */

export const COMMANDS = [
	'down',
	'up',
	'select',
	'dispatch',
	'open',
	'filter',
	'refresh',
	'help',
	'escape'
] as const;
export type Command = (typeof COMMANDS)[number];

/** Key (KeyboardEvent.key) → command. Enter and o both open. */
export const KEYMAP: Readonly<Record<string, Command>> = {
	j: 'down',
	k: 'up',
	x: 'select',
	d: 'dispatch',
	o: 'open',
	Enter: 'open',
	'/': 'filter',
	r: 'refresh',
	'?': 'help',
	Escape: 'escape'
};

/** The keys of each command, for the help overlay (in {@link COMMANDS} order). */
export function keysOf(command: Command): string[] {
	return Object.keys(KEYMAP).filter((k) => KEYMAP[k] === command);
}

/** The part of a KeyboardEvent the map needs (so tests need no DOM). */
export interface KeyInput {
	key: string;
	ctrlKey?: boolean;
	metaKey?: boolean;
	altKey?: boolean;
	/** The focused element's tag name, upper case as the DOM gives it. */
	targetTag?: string | null;
	/** Whether the focused element is contenteditable. */
	targetEditable?: boolean;
	/** The focused element's type attribute (a checkbox is not a text field). */
	targetType?: string | null;
}

const NON_TEXT_INPUTS = ['checkbox', 'radio', 'button', 'submit', 'reset'];

/** True when keys go into a field: a text input, a textarea, a select or editable content. */
export function isTyping(e: KeyInput): boolean {
	if (e.targetEditable) return true;
	const tag = (e.targetTag ?? '').toUpperCase();
	if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
	if (tag === 'INPUT') return !NON_TEXT_INPUTS.includes((e.targetType ?? 'text').toLowerCase());
	return false;
}

/**
 * The command for a key press, or null. Modified keys (Ctrl, Cmd, Alt) belong to the browser;
 * while typing only Escape counts; Enter on a button or link keeps its own meaning.
 */
export function commandFor(e: KeyInput): Command | null {
	if (e.ctrlKey || e.metaKey || e.altKey) return null;
	const command = KEYMAP[e.key] ?? null;
	if (command === null) return null;
	if (isTyping(e)) return command === 'escape' ? 'escape' : null;
	const tag = (e.targetTag ?? '').toUpperCase();
	if (e.key === 'Enter' && (tag === 'BUTTON' || tag === 'A')) return null;
	return command;
}
