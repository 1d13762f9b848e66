// Loaded with `node --import` into the samples under test: connections to the device's host
// (HEM_DEVICE_HOST, e.g. my.ence.do) go to the local mock on HEM_DEVICE_PORT, with TLS still
// checked against the device's name, so the samples run exactly as the page shows them.
import { Agent, buildConnector, setGlobalDispatcher } from 'undici';

const host = process.env.HEM_DEVICE_HOST;
const port = Number(process.env.HEM_DEVICE_PORT);
if (!host || !port) throw new Error('device-host: set HEM_DEVICE_HOST and HEM_DEVICE_PORT');
const connect = buildConnector({});
setGlobalDispatcher(
  new Agent({
    connect: (options, callback) => connect(options.hostname === host ? { ...options, hostname: '127.0.0.1', port: String(port), servername: host } : options, callback),
  }),
);
