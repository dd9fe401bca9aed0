"""Regenerates the tour inputs from the staged NHS England A&E file and the PHE test data.

python3 examples/tour/make.py AE_PROVIDER_MONTHLY_CSV tests/reference/phe/dsr.csv
"""
import csv
import sys


def main(ae_path, dsr_path):
    rows = list(csv.DictReader(open(ae_path, newline="")))
    rem = [r for r in rows if r["org_code"] == "REM" and r["four_hour_reported"] == "1"
           and r["att_total"] and r["period"] >= "2020-04"]
    with open("examples/tour/ae-four-hour-rem.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["month", "attendances", "within_4h", "percent_within_4h"])
        for r in sorted(rem, key=lambda r: r["period"]):
            a, wi = int(r["att_total"]), int(r["within4_total"])
            w.writerow([r["period"], a, wi, f"{100 * wi / a:.2f}"])
    with open("examples/tour/ae-four-hour-trusts-2026-03.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["org_code", "org_name", "attendances", "within_4h"])
        for r in sorted(rows, key=lambda r: r["org_code"]):
            if (r["period"] == "2026-03" and r["four_hour_reported"] == "1" and r["att_type1"]
                    and int(r["att_type1"]) > 0):
                w.writerow([r["org_code"], r["org_name"], r["att_total"], r["within4_total"]])
    seen = set()
    with open("examples/tour/deaths-by-age.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["area", "age_band", "deaths", "population"])
        for r in csv.DictReader(open(dsr_path, newline="")):
            key = (r["group"], r["ageband"])
            if r["case_id"] == "dsr_esp2013_mult1e5" and key not in seen:
                seen.add(key)
                w.writerow([r["group"], r["ageband"], r["x"], r["n"]])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
