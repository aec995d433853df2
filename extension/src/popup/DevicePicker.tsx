/**
 * Which camera or microphone to use: "Default" or one of the connected devices. The choice is kept
 * in the preferences; a remembered device that is not connected now is said so, and the default is
 * used until it is back.
 */
import type { JSX } from 'preact';
import type { DeviceChoice } from '../shared/media-permission';

export interface DevicePickerProps {
  label: string;
  devices: DeviceChoice[];
  value: string | undefined;
  disabled?: boolean;
  onChange: (deviceId: string | undefined) => void;
}

export function DevicePicker({ label, devices, value, disabled, onChange }: DevicePickerProps): JSX.Element {
  const missing = value !== undefined && devices.length > 0 && !devices.some((d) => d.deviceId === value);
  return (
    <label class="stack device-picker" style="gap:4px">
      <span class="small strong">{label}</span>
      <select
        disabled={disabled}
        value={missing ? '' : (value ?? '')}
        onChange={(e) => onChange(e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
      >
        <option value="">Default</option>
        {devices.map((d) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label}
          </option>
        ))}
      </select>
      {missing && (
        <span class="help" role="status">
          The one you chose is not connected: the default is used.
        </span>
      )}
    </label>
  );
}

/** The options to send: a remembered device that is not connected now is left out (the default is used). */
export function connectedOnly(deviceId: string | undefined, devices: DeviceChoice[]): string | undefined {
  return deviceId !== undefined && devices.some((d) => d.deviceId === deviceId) ? deviceId : undefined;
}
