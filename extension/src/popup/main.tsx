import { render } from 'preact';
import '../ui/styles.css';
import './popup.css';
import { PopupApp } from './PopupApp';

render(<PopupApp />, document.getElementById('app')!);
