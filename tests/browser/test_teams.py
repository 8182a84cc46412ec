"""A village clerk on a 360 px phone: the staff home says who waits for a contact, the caseload
puts them first, and a contact with what it brought is recorded from the phone."""

from playwright.sync_api import expect

from homeward.teams import services
from homeward.teams.models import Contact, Member, Team
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import PASSWORD, TOWN, VILLAGE, make_staff, make_worker


def test_a_member_records_a_contact_on_a_phone(phone_page, live_server):
    town_staff = make_staff(TOWN, username="town-staff")
    clerk = make_staff(VILLAGE, username="village-clerk")
    team = Team(name="幸福街道三送小分队", region_id=TOWN)
    team.save()
    member = Member(team=team, user=clerk)
    member.save()
    people = [
        make_worker(VILLAGE, sequence=30 + n, name=f"返乡{n}", status="returned_unemployed")
        for n in range(2)
    ]
    services.assign_returnees(people, member, by=town_staff)
    page, base = phone_page, live_server.url
    sign_in(page, base, "village-clerk", PASSWORD)

    expect(page.get_by_test_id("queue-teams").get_by_test_id("count")).to_have_text("2")
    page.goto(f"{base}/teams/members/{member.pk}/")
    expect(page.get_by_test_id("case")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_test_id("case").first.get_by_role("link").click()
    page.get_by_label("送政策").check()
    page.get_by_test_id("contact-form").get_by_role("button").click()
    expect(page.get_by_text("已记录联系")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "teams-caseload.png", full_page=True)
    contact = Contact._base_manager.get()
    assert contact.brought_policy and contact.member_id == member.pk
