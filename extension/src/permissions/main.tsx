import { render } from 'preact';
import '../ui/styles.css';
import '../options/options.css';
import { PermissionsPage } from './PermissionsPage';

render(<PermissionsPage />, document.getElementById('app')!);
