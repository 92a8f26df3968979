#!/usr/bin/env python3
"""Writes a backfill of daily POS exports for the import benchmark (W3).

STORES stores x DAYS days, RECEIPTS receipts per store-day (1-3 lines each), in the pos-daily
layout: each day's export repeats the previous day's receipts rung after 21:00, about 1 in 50
receipts is paid from a stored-value card, and every tenth day of a store is re-exported once with
one corrected line. Deterministic (seeded). Usage:
  python3 scripts/bench-import-data.py OUT_DIR [STORES] [DAYS] [RECEIPTS]
"""
import datetime
import pathlib
import random
import sys

out = pathlib.Path(sys.argv[1])
stores = int(sys.argv[2]) if len(sys.argv) > 2 else 60
days = int(sys.argv[3]) if len(sys.argv) > 3 else 60
per_day = int(sys.argv[4]) if len(sys.argv) > 4 else 300
rng = random.Random(20240301)
items = [("洗剪吹", 6800), ("剪发", 5800), ("烫发", 38000), ("染发", 28800), ("护发", 12800), ("头皮护理", 15800), ("护发素", 3000)]
pays = ["微信", "支付宝", "现金", "刷卡", "微信", "储值卡"]
techs = ["Tony", "阿杰", "Kevin", "小美", "Amy"]
header = "小票号,消费时间,门店,会员卡号,手机,服务项目,数量,单价,金额,支付方式,状态,原单号,发型师"
out.mkdir(parents=True, exist_ok=True)
start = datetime.date(2024, 1, 1)
for s in range(stores):
    store = f"S{s + 1:03d}"
    late = []
    for d in range(days):
        day = start + datetime.timedelta(days=d)
        rows = []
        for r in range(per_day):
            minute = 9 * 60 + (r * 13 * 60) // per_day
            time = f"{day.isoformat()} {minute // 60:02d}:{minute % 60:02d}:{rng.randrange(60):02d}"
            pay = pays[rng.randrange(len(pays))] if rng.random() < 0.98 else "储值卡"
            card = f"{store}-{rng.randrange(2000):04d}" if pay == "储值卡" or rng.random() < 0.3 else ""
            phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
            for n in range(rng.choice([1, 1, 2, 3])):
                item, price = items[rng.randrange(len(items))]
                rows.append(f"{store}{day:%Y%m%d}{r:04d},{time},{store},{card},{phone},{item},1,{price / 100:.2f},{price / 100:.2f},{pay},正常,,{techs[n]}")
        body = late + rows
        text = header + "\r\n" + "".join(x + "\r\n" for x in body)
        (out / f"{store}_{day:%Y%m%d}.csv").write_text(text, encoding="utf-8")
        if d % 10 == 9:
            fixed = list(body)
            fixed[len(late)] = fixed[len(late)].rsplit(",", 1)[0] + ",店长"
            (out / f"{store}_{day:%Y%m%d}_更正.csv").write_text(header + "\r\n" + "".join(x + "\r\n" for x in fixed), encoding="utf-8")
        late = [x for x in rows if x.split(",")[1][11:13] >= "21"]
print(f"wrote {stores * days} store-days to {out}")
