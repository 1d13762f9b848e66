// @hem/client against the mock over real HTTPS (and plain HTTP for 418).
import { contractSuite } from './contract.js';

contractSuite('https');
