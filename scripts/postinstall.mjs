// Post-install: fetch the optional platform binaries that npm packages do not ship (Electron's
// runtime, onnxruntime's CUDA provider) only when their hosts are reachable. On an offline machine
// each prints one line and the install still succeeds: the engine, CLI and browser mode need neither.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { lookup } from 'node:dns/promises';

const require = createRequire(import.meta.url);

async function reachable(host) {
  try {
    await Promise.race([lookup(host), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000))]);
    return true;
  } catch {
    return false;
  }
}

function packageDir(name) {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

async function installElectron() {
  const dir = packageDir('electron');
  if (!dir) return;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    console.log('glimpse: Electron binary download skipped (ELECTRON_SKIP_BINARY_DOWNLOAD set); the engine, CLI and `glimpse serve` work without it.');
    return;
  }
  if (existsSync(join(dir, 'dist')) && existsSync(join(dir, 'path.txt'))) return;
  if (!(await reachable('github.com'))) {
    console.log('glimpse: Electron binary download skipped (offline); the engine, CLI and `glimpse serve` work without it. Run `node node_modules/electron/install.js` when online for `npm start`.');
    return;
  }
  const result = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'inherit', cwd: dir });
  if (result.status !== 0) console.log('glimpse: Electron binary download failed; `npm start` needs it, everything else works.');
}

async function installOnnxruntimeExtras() {
  const dir = packageDir('onnxruntime-node');
  if (!dir) return;
  const flag = process.env.ONNXRUNTIME_NODE_INSTALL ?? process.env.npm_config_onnxruntime_node_install;
  if (flag === 'skip' || process.platform !== 'linux' || process.arch !== 'x64') return;
  if (!(await reachable('api.nuget.org'))) {
    console.log('glimpse: onnxruntime CUDA provider download skipped (offline); CPU and WebGPU providers are bundled.');
    return;
  }
  const result = spawnSync(process.execPath, [join(dir, 'script', 'install.js')], { stdio: 'inherit', cwd: dir });
  if (result.status !== 0) console.log('glimpse: onnxruntime CUDA provider download failed; CPU and WebGPU providers are bundled.');
}

await installElectron();
await installOnnxruntimeExtras();
