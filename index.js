// n8n loads this package through the "n8n" section of package.json (dist/...).
// The main entry point is intentionally empty, as in n8n's node starter.
module.exports = {};
