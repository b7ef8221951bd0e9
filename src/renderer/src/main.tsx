// Renderer entry: mounts the app. The same bundle runs in Electron and in a browser (glimpse serve).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { ToastProvider } from './state/toasts';
import { client } from './api/client';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/flows.css';

// The macOS app window draws its traffic lights over the top bar (hiddenInset title bar).
document.documentElement.dataset.platform = client.desktop?.platform ?? 'web';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <ToastProvider>
      <App />
    </ToastProvider>
  </StrictMode>,
);
