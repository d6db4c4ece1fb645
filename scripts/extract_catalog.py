#!/usr/bin/env python3
"""Extracts the Entra audit activity catalog from Microsoft's audit activity page into a TSV.

Usage: scripts/extract_catalog.py scripts/catalog-sources/entra-audit-activities.txt \
           > simulator/simulation/catalog/entra_activities.tsv

The input is the text of "Microsoft Entra audit log categories and activities" (its address is in
docs/fidelity.md#entra-activity-catalog): one section per logging service (its heading), an
optional paragraph, the marker line "Expand table", the header "Audit Category<TAB>Activity", then
one tab-separated row per activity.
"""
import re
import sys

# A category is one or more capitalised words: most are one (`DirectoryManagement`), a few rows of
# the page spell theirs with a space (`Application Management`, `Directory Management`), kept as
# the page writes them.
CATEGORY = re.compile(r"^[A-Z][A-Za-z]+( [A-Z][A-Za-z]+)*$")

# Section headings of the page -> the loggedByService value Graph puts on the rows.
SERVICE_NAMES = {
    "Microsoft Entra (AAD) Management UX": "AAD Management UX",
    "Access reviews": "Access Reviews",
    "Account provisioning": "Account Provisioning",
    "Application proxy": "Application Proxy",
    "Microsoft Entra (Azure AD) Recommendations": "Azure AD Recommendations",
    "Microsoft Entra (Azure MFA) multifactor authentication": "Azure MFA",
    "Microsoft Entra ID Protection (Identity Protection)": "Identity Protection",
    "Invited users": "Invited Users",
    "Microsoft Identity Manager (MIM) Service": "Microsoft Identity Manager",
    "Privileged Identity Management (PIM)": "PIM",
    "Self-service group management": "Self-service Group Management",
    "Self-service password management": "Self-service Password Management",
    "Terms of use": "Terms Of Use",
}


def headings_and_rows(lines):
    section = None
    recent = []  # non-empty lines since the last table row
    in_table = False
    for raw in lines:
        line = raw.rstrip("\n")
        text = line.strip()
        if text == "Expand table":
            # The heading is the nearest short line above (a section may have a paragraph first).
            short = [l for l in recent if len(l) < 70 and not l.endswith(".") and not l.startswith("-")]
            if short:
                section = short[-1]
            recent = []
            continue
        if text.startswith("Audit Category\tActivity"):
            in_table = True
            continue
        # Navigation text of the page is sometimes spliced into a table: rows after it still
        # belong to the section, so a row is any tab-separated line once a table has started.
        if in_table and "\t" in line and CATEGORY.match(line.split("\t")[0]):
            category, activity = [p.strip() for p in line.split("\t")[:2]]
            if activity:
                yield section, category, activity
            continue
        if text:
            recent.append(text)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        rows = list(headings_and_rows(f))
    print("service\tcategory\tactivity")
    for section, category, activity in rows:
        print(f"{SERVICE_NAMES.get(section, section)}\t{category}\t{activity}")


if __name__ == "__main__":
    main()
