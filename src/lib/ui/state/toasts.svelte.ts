/** Short messages at the bottom of the screen: confirmations and readable errors. */
export interface Toast {
	id: number;
	kind: 'info' | 'error';
	text: string;
}

export class Toasts {
	items = $state<Toast[]>([]);
	private next = 1;

	show(text: string, kind: Toast['kind'] = 'info', ms = kind === 'error' ? 8000 : 3000): void {
		const id = this.next++;
		this.items.push({ id, kind, text });
		setTimeout(() => this.dismiss(id), ms);
	}

	dismiss(id: number): void {
		this.items = this.items.filter((t) => t.id !== id);
	}
}
