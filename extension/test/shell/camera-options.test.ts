import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPTURE_OPTIONS, parseCaptureOptions } from '../../src/shared/capture-options';
import { frameHash, isFrameToHost, parseFrameHash } from '../../src/shared/overlay-frames';

describe('capture options: camera, Camera only and devices', () => {
  it('the camera is off by default', () => {
    expect(DEFAULT_CAPTURE_OPTIONS.camera).toBe(false);
    expect(parseCaptureOptions(undefined).camera).toBe(false);
  });

  it('keeps the camera switch, the "camera" source and the chosen devices', () => {
    const parsed = parseCaptureOptions({ source: 'camera', camera: true, cameraDeviceId: 'cam-1', microphoneDeviceId: 'mic-2' });
    expect(parsed).toMatchObject({ source: 'camera', camera: true, cameraDeviceId: 'cam-1', microphoneDeviceId: 'mic-2' });
  });

  it('drops mistyped or absurd device ids and camera values', () => {
    const parsed = parseCaptureOptions({ camera: 'yes', cameraDeviceId: '', microphoneDeviceId: 'x'.repeat(500), source: 'webcam' });
    expect(parsed.camera).toBe(false);
    expect(parsed.cameraDeviceId).toBeUndefined();
    expect(parsed.microphoneDeviceId).toBeUndefined();
    expect(parsed.source).toBe(DEFAULT_CAPTURE_OPTIONS.source);
  });
});

describe('overlay frames contract', () => {
  const config = { token: 'abc-123', bubble: true, countdown: true };

  it('round-trips a frame URL hash', () => {
    expect(parseFrameHash(frameHash('bar', config))).toEqual({ part: 'bar', token: 'abc-123', camera: true });
    expect(parseFrameHash(frameHash('bubble', { ...config, bubble: false }))?.camera).toBe(false);
  });

  it('refuses a hash without a known part or a token', () => {
    expect(parseFrameHash('#part=evil&token=abc')).toBeUndefined();
    expect(parseFrameHash('#part=bar')).toBeUndefined();
    expect(parseFrameHash('')).toBeUndefined();
  });

  it('accepts only well-formed frame messages', () => {
    expect(isFrameToHost({ type: 'move', dx: 3, dy: -4 })).toBe(true);
    expect(isFrameToHost({ type: 'move', dx: 'x', dy: 1 })).toBe(false);
    expect(isFrameToHost({ type: 'bubble-visible', visible: false })).toBe(true);
    expect(isFrameToHost({ type: 'drag-start', screenX: 10, screenY: 20 })).toBe(true);
    expect(isFrameToHost({ type: 'drag-move', screenX: 10 })).toBe(false);
    expect(isFrameToHost({ type: 'drag-end' })).toBe(true);
    expect(isFrameToHost({ type: 'bar-height', height: Number.NaN })).toBe(false);
    expect(isFrameToHost({ type: 'navigate', url: 'https://example.com' })).toBe(false);
    expect(isFrameToHost(null)).toBe(false);
  });
});
