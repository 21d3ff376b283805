"""payroll.py - the pandas script an analyst would write for `batch dibao`,
exact in integer fen (no floats for money).
Usage: /usr/bin/python3 bench/payroll.py IN.csv OUT.csv (Debian python3-pandas)"""
import sys

import numpy as np
import pandas as pd

src, dst = sys.argv[1], sys.argv[2]
df = pd.read_csv(src, dtype=str, keep_default_na=False)
parts = df["income"].str.split(".", n=1, expand=True)
whole = parts[0].astype(np.int64)
if parts.shape[1] > 1:
    dec = parts[1].fillna("").str.ljust(2, "0").replace("", "00").astype(np.int64)
else:
    dec = 0
fen = whole * 100 + dec
members = df["members"].astype(np.int64)
urban = df["area"] == "urban"
std = np.where(urban, 88500, 66000).astype(np.int64)  # July 2023: the file has no month column
need = std * members
eligible = fen < need
pay = np.where(eligible, need - fen, 0)
pc = (fen + members // 2) // members


def yuan(v):
    v = pd.Series(v, index=df.index).astype(np.int64)
    return (v // 100).astype(str) + "." + (v % 100).astype(str).str.zfill(2)


df["standard"] = yuan(std)
df["per_capita_income"] = yuan(pc)
df["payment"] = yuan(pay)
df["eligible"] = eligible.astype(int).astype(str)
df.to_csv(dst, index=False, lineterminator="\n")
