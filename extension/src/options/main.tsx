import { render } from 'preact';
import '../ui/styles.css';
import '../ui/page.css';
import { OptionsPage } from './OptionsPage';

render(<OptionsPage />, document.getElementById('app')!);
