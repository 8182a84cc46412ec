"""Check-in at the door of a fair on a 360-px phone: staff type a person's ID number and see
签到成功; the same person a second time is refused, saying so. Then the personal QR code read
through the phone's camera (Chromium's fake camera playing the code)."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, CHROMIUM, sign_in
from tests.factories import COUNTY, PASSWORD, VILLAGE, make_staff, make_worker
from tests.fairs.conftest import make_fair


def test_staff_check_a_person_in_by_id_number_once(phone_page, live_server):
    make_staff(COUNTY, username="county-staff")
    worker = make_worker(VILLAGE, sequence=4, name="张三")
    fair = make_fair(COUNTY)
    page, base = phone_page, live_server.url
    sign_in(page, base, "county-staff", PASSWORD)

    page.goto(f"{base}/fairs/{fair.pk}/check-in")
    page.get_by_label("身份证号").fill(worker.id_number)
    page.get_by_test_id("id-form").get_by_role("button").click()
    result = page.get_by_test_id("result-text")
    expect(result).to_contain_text("签到成功：张*，已签到 1 人。")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=ARTIFACTS / "fairs-checkin.png", full_page=True)

    page.get_by_label("身份证号").fill(worker.id_number)
    page.get_by_test_id("id-form").get_by_role("button").click()
    expect(result).to_contain_text(
        re.compile(r"张\*已签到过本场招聘会（\d\d:\d\d），不能重复签到。")
    )
    expect(page.get_by_test_id("checkin-count")).to_contain_text("1")
    from homeward.fairs.models import CheckIn

    assert CheckIn._base_manager.filter(fair=fair, worker=worker).count() == 1


def _camera_file(path, token: str):
    """A y4m video (what Chromium's fake camera plays) showing the QR code of `token`."""
    import numpy as np
    import segno

    width, height, scale = 640, 480, 7
    modules = np.array(segno.make(token, error="m").matrix, dtype=bool)
    code = np.kron(modules, np.ones((scale, scale), dtype=bool))
    frame = np.full((height, width), 235, dtype=np.uint8)
    top, left = (height - code.shape[0]) // 2, (width - code.shape[1]) // 2
    frame[top : top + code.shape[0], left : left + code.shape[1]][code] = 16
    chroma = np.full((height // 2) * (width // 2) * 2, 128, dtype=np.uint8)
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(10):
            out.write(b"FRAME\n" + frame.tobytes() + chroma.tobytes())
    return path


def test_staff_scan_a_persons_code_with_the_camera(browser, live_server, tmp_path):
    from homeward.fairs.models import CheckIn, Method
    from homeward.fairs.services import qr_token

    make_staff(COUNTY, username="county-staff")
    worker = make_worker(VILLAGE, sequence=6, name="李四")
    fair = make_fair(COUNTY)
    video = _camera_file(tmp_path / "code.y4m", qr_token(fair, worker))
    camera = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
        context.grant_permissions(["camera"], origin=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, live_server.url, "county-staff", PASSWORD)
        page.goto(f"{live_server.url}/fairs/{fair.pk}/check-in")
        page.get_by_test_id("start-camera").click()
        expect(page.get_by_test_id("result-text")).to_contain_text("签到成功：李*，已签到 1 人。")
        page.screenshot(path=ARTIFACTS / "fairs-checkin-camera.png")
    finally:
        camera.close()
    checkin = CheckIn._base_manager.get(fair=fair, worker=worker)
    assert checkin.method == Method.QR and checkin.nonce
