/**
 * Records the walked track while an inspection is open: `navigator.geolocation.watchPosition`
 * with high accuracy, fixes worse than the threshold dropped (patrol-track.ts), and the screen
 * kept on with the Screen Wake Lock API where the browser has it (taken again when the page comes
 * back to the front, since the browser releases it when the page is hidden).
 */
import { addFix, emptyTrack, trackLengthM, TRACK_ACCURACY_M, type Fix, type TrackParts } from './patrol-track';

export type WakeState = 'on' | 'off' | 'unsupported';

interface WakeLockSentinelLike {
	released: boolean;
	release(): Promise<void>;
	addEventListener(type: 'release', fn: () => void): void;
}

export class TrackRecorder {
	track = $state.raw<TrackParts>(emptyTrack());
	recording = $state(false);
	wake = $state<WakeState>('off');
	error = $state<'unsupported' | 'denied' | 'unavailable' | null>(null);
	lengthM = $derived(trackLengthM(this.track));

	private watchId: number | null = null;
	private lock: WakeLockSentinelLike | null = null;
	private lastKept: Fix | undefined;
	private onVisible = () => {
		if (document.visibilityState === 'visible' && this.recording) void this.keepAwake();
	};

	constructor(
		/** Every fix, kept or not: field mode shows the worker's position from it. */
		private readonly onFix: (fix: Fix) => void = () => {},
		readonly accuracyM = TRACK_ACCURACY_M
	) {}

	start(from: TrackParts = emptyTrack()): void {
		if (this.recording) return;
		this.track = from;
		this.error = null;
		this.recording = true;
		document.addEventListener('visibilitychange', this.onVisible);
		void this.keepAwake();
		if (!('geolocation' in navigator)) {
			this.error = 'unsupported';
			return;
		}
		this.watchId = navigator.geolocation.watchPosition(
			(p) => this.add({ lon: p.coords.longitude, lat: p.coords.latitude, accuracyM: p.coords.accuracy, at: p.timestamp }),
			(e) => (this.error = e.code === e.PERMISSION_DENIED ? 'denied' : 'unavailable'),
			{ enableHighAccuracy: true, maximumAge: 0, timeout: 30_000 }
		);
	}

	/** One fix (from the watch). */
	add(fix: Fix): void {
		this.onFix(fix);
		const next = addFix(this.track, fix, this.accuracyM, this.lastKept);
		if (next.kept > this.track.kept) this.lastKept = fix;
		this.track = next;
		if (this.error === 'unavailable') this.error = null;
	}

	stop(): TrackParts {
		if (this.watchId !== null) navigator.geolocation.clearWatch(this.watchId);
		this.watchId = null;
		this.recording = false;
		this.lastKept = undefined;
		document.removeEventListener('visibilitychange', this.onVisible);
		const lock = this.lock;
		this.lock = null;
		if (lock && !lock.released) void lock.release().catch(() => undefined);
		if (this.wake === 'on') this.wake = 'off';
		return this.track;
	}

	private async keepAwake(): Promise<void> {
		const wakeLock = (navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<WakeLockSentinelLike> } }).wakeLock;
		if (!wakeLock) {
			this.wake = 'unsupported';
			return;
		}
		try {
			const lock = await wakeLock.request('screen');
			if (!this.recording) {
				void lock.release();
				return;
			}
			this.lock = lock;
			this.wake = 'on';
			lock.addEventListener('release', () => {
				if (this.lock === lock) this.wake = 'off';
			});
		} catch {
			// Refused (battery saver, page not visible): recording goes on; the sheet says the screen may sleep.
			this.wake = 'off';
		}
	}
}
