"""Console accounts and a signed-in test client that fills in CSRF tokens as a browser would."""
from __future__ import annotations

import re

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from models import AdminUser, Department

PASSWORD = "kata sandi yang panjang"
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def make_account(city, email: str, role: str = "admin", department: str | None = None) -> None:
    with city.session() as session:
        department_id = (session.scalars(select(Department.id).where(Department.code == department)).one()
                         if department else None)
        session.add(AdminUser(email=email, password_hash=generate_password_hash(PASSWORD), role=role,
                              department_id=department_id))
        session.commit()


def signed_in_admin(city, email: str = "admin@kota.go.id") -> "Staff":
    """An admin account, signed in at the console."""
    make_account(city, email)
    staff = Staff(city, email)
    staff.sign_in()
    return staff


class Staff:
    """Someone at the console: a Flask test client that signs in and posts forms with their token."""

    def __init__(self, city, email: str):
        self.client = city.app.test_client()
        self.email = email

    def sign_in(self, password: str = PASSWORD):
        page = self.client.get("/admin/login")
        return self.client.post("/admin/login", data={"email": self.email, "password": password,
                                                      "csrf_token": csrf_token(page.text)})

    def get(self, path: str, **kwargs):
        return self.client.get(path, **kwargs)

    def submit(self, page_path: str, action: str, data: dict):
        """Post ``data`` to ``action`` with the CSRF token of the form on ``page_path``."""
        token = csrf_token(self.client.get(page_path).text)
        return self.client.post(action, data={**data, "csrf_token": token})


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)
