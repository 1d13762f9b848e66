// Loaded with `node --import` into the README runs: fetch's connections to the device's
// host go to the local stand-in (its port in HEM_DEVICE_PORT), with TLS checked against
// that name, so the examples run as written. Any other host is connected as usual.
import { Agent, buildConnector, setGlobalDispatcher } from 'undici';
import { DEVICE_HOST } from './device.mjs';

const port = Number(process.env.HEM_DEVICE_PORT);
if (!port) throw new Error('device-preload: HEM_DEVICE_PORT is not set');
const connect = buildConnector({});
setGlobalDispatcher(
  new Agent({
    connect: (options, callback) =>
      connect(options.hostname === DEVICE_HOST ? { ...options, hostname: '127.0.0.1', port: String(port), servername: DEVICE_HOST } : options, callback),
  }),
);
