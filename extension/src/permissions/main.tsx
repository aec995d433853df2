import { render } from 'preact';
import '../ui/styles.css';
import '../ui/page.css';
import { PermissionsPage } from './PermissionsPage';

render(<PermissionsPage />, document.getElementById('app')!);
