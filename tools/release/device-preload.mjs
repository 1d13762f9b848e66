// Loaded with `node --import` into the README runs: fetch's connections to the device's
// host (HEM_DEVICE_HOST) go to the local stand-in (its port in HEM_DEVICE_PORT), with TLS
// checked against that name, so the examples run as written. Any other host is connected as
// usual. Both come from the environment: importing device.mjs for the host name would load
// the whole mock server into every README run.
import { Agent, buildConnector, setGlobalDispatcher } from 'undici';

const port = Number(process.env.HEM_DEVICE_PORT);
const host = process.env.HEM_DEVICE_HOST;
if (!port || !host) throw new Error('device-preload: HEM_DEVICE_PORT and HEM_DEVICE_HOST must be set');
const connect = buildConnector({});
setGlobalDispatcher(
  new Agent({
    connect: (options, callback) => connect(options.hostname === host ? { ...options, hostname: '127.0.0.1', port: String(port), servername: host } : options, callback),
  }),
);
