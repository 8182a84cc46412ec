"""Plain record factories for the matching tests (the files interface's dicts)."""

from datetime import date

TODAY = date(2025, 3, 1)


def worker(id="W", **fields):
    """A worker record of the files interface: a 35-year-old welder of 耿车镇 红卫村."""
    record = {
        "id": id,
        "birth_date": "1990-01-01",
        "education": "junior_high",
        "home_region": "321302101200",
        "occupations": ["电焊工"],
        "skills": [],
        "expected_wage": 6000,
        "willing_scope": "county",
        "work_types": ["full_time"],
        "low_income": False,
        "wants": [],
    }
    record.update(fields)
    return record


def job(id="J", **fields):
    """A job record: a welder's job in 耿车镇, open, no limits."""
    record = {
        "id": id,
        "title": fields.get("occupation", "焊工"),
        "occupation": "焊工",
        "region": "321302101",
        "wage_min": 6000,
        "wage_max": 7000,
        "wage_unit": "month",
        "headcount": 3,
        "age_min": None,
        "age_max": None,
        "education_min": "none",
        "skills": [],
        "benefits": [],
        "work_type": "full_time",
        "start_date": "2025-03-10",
    }
    record.update(fields)
    return record
