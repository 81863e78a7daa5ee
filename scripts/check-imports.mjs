// The layering check of `npm run lint`: no import cycle between files of src/, none between its folders
// (the pipeline's arrows point one way: sparkplug → uns → store → ingest → cdc → canary; ops; web; cli),
// and nothing under src/ imports test/ or anything else outside src/. Type-only imports count for the
// folders (a type is a dependency too) but not for file cycles (they vanish at run time).
import madge from 'madge';

const base = { fileExtensions: ['ts'], tsConfig: 'tsconfig.json', excludeRegExp: [/\.d\.ts$/] };
const runtime = await madge('src', {
  ...base,
  detectiveOptions: { ts: { skipTypeImports: true }, tsx: { skipTypeImports: true } },
});
const all = await madge('src', base);

const problems = [];
for (const cycle of runtime.circular()) problems.push(`file cycle: ${cycle.join(' → ')} → ${cycle[0]}`);

const folderOf = (file) => (file.includes('/') ? file.split('/')[0] : '(src)');
const edges = new Map(); // folder → folder → an example import
for (const [file, deps] of Object.entries(all.obj())) {
  for (const dep of deps) {
    if (dep.startsWith('..')) {
      problems.push(`src/${file} imports ${dep.replace(/^\.\.\//, '')}, outside src/`);
      continue;
    }
    const [from, to] = [folderOf(file), folderOf(dep)];
    if (from === to) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `src/${file} → src/${dep}`);
  }
}

// Every folder cycle, found by a depth-first search from each folder (reported once per folder set).
const seen = new Set();
const walk = (start, at, path) => {
  for (const next of edges.get(at)?.keys() ?? []) {
    if (next === start) {
      const key = [...path].sort().join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      const hops = path.map((f, i) => edges.get(f).get(path[i + 1] ?? start));
      problems.push(`folder cycle: ${[...path, start].join(' → ')}\n    ${hops.join('\n    ')}`);
    } else if (!path.includes(next)) walk(start, next, [...path, next]);
  }
};
for (const folder of edges.keys()) walk(folder, folder, [folder]);

if (problems.length > 0) {
  console.error(`import check: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(
  `import check: ${Object.keys(all.obj()).length} files, ${edges.size} folders, no cycle, nothing imported from outside src/`,
);
