import { mount } from 'svelte';
import App from './app/App.svelte';
import './app/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('Glassbox: #app element missing from index.html');

export default mount(App, { target });
