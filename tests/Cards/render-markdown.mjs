// Renders each TextBlock text of a JSON file the way /dev and the Adaptive Cards JavaScript renderer do (markdown-it,
// no raw HTML, linkify, line breaks) and prints, per text, the links, the tags and the visible text it becomes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.env.WEB_DIR, 'package.json'));
const markdownit = require('markdown-it');
const md = markdownit({ html: false, linkify: true, breaks: true });
const texts = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const decode = s => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const out = texts.map(text => {
  const html = md.render(text);
  const links = [...html.matchAll(/<a href="([^"]*)"/g)].map(m => decode(m[1]));
  const tags = [...new Set([...html.matchAll(/<([a-z0-9]+)[\s>]/g)].map(m => m[1]))];
  const visible = decode(html.replace(/<br>\n?/g, '\n').replace(/<[^>]+>/g, ''));
  return { links, tags, visible };
});
process.stdout.write(JSON.stringify(out));
