// Runs local-cors-proxy's own CLI (node_modules/local-cors-proxy/bin/lcp.js) unchanged, except that its
// `listen(port)` binds 127.0.0.1 instead of every interface: the tests never open a port to the network.
'use strict';
const http = require('node:http');

const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (port, ...rest) {
  if (typeof port === 'number' && (rest.length === 0 || typeof rest[0] === 'function')) {
    return listen.call(this, port, '127.0.0.1', ...rest);
  }
  return listen.call(this, port, ...rest);
};

require('local-cors-proxy/bin/lcp.js');
