/**
 * The extension's inline "are you sure?" button (one component for the popup and these pages),
 * dressed for the server's pages: small buttons, the confirm one red (it deletes).
 */
import type { JSX } from 'preact';
import { ConfirmButton as InlineConfirm, type ConfirmButtonProps as InlineConfirmProps } from '../../../extension/src/ui/ConfirmButton';

export type ConfirmButtonProps = Omit<InlineConfirmProps, 'class' | 'confirmClass' | 'keepClass'>;

export function ConfirmButton(props: ConfirmButtonProps): JSX.Element {
  return <InlineConfirm {...props} class="btn btn-small" confirmClass="btn btn-small btn-danger" keepClass="btn btn-small" />;
}
