"""Signing in and out of the console, who is signed in, and slowing down password guessing."""
from __future__ import annotations

from functools import wraps

from flask import current_app, g, redirect, render_template, request, session, url_for
from flask_wtf import FlaskForm
from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from models import AdminUser

from . import bp

#: Wrong passwords allowed per email and per address before sign-in pauses for the window.
MAX_FAILURES = 5
FAILURE_WINDOW_SECONDS = 15 * 60
#: Checked against when the email is unknown, so that unknown and known emails take as long.
_UNKNOWN_USER_HASH = generate_password_hash("no such account")


class LoginForm(FlaskForm):
    email = EmailField(validators=[DataRequired()])
    password = PasswordField(validators=[DataRequired()])


def runtime():
    return current_app.extensions["lapor"]


def login_required(view):
    """Every console page but sign-in needs an account; ``g.user`` is that account."""

    @wraps(view)
    def checked(*args, **kwargs):
        if g.get("user") is None:
            return redirect(url_for("console.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return checked


@bp.before_request
def load_user() -> None:
    user_id = session.get("admin_user_id")
    g.user = None
    if user_id is not None:
        with runtime().db.session(read_only=True) as db:
            user = db.get(AdminUser, user_id)
            if user is not None and user.session_epoch == session.get("admin_epoch"):
                db.expunge(user)
                g.user = user


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error, status = None, 200
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        keys = _failure_keys(email)
        wait = _reserve_attempt(keys)
        if wait:
            error, status = ("too_many_attempts", {"minutes": -(-wait // 60)}), 429
        else:
            user = _check_password(email, form.password.data)
            if user is not None:
                _forget_attempt(keys)
                session.clear()  # no session fixation: a new session for the signed-in account
                session["admin_user_id"], session["admin_epoch"] = user.id, user.session_epoch
                session.permanent = True
                return redirect(_safe_next(request.args.get("next")))
            error, status = ("bad_login", {}), 401
    elif request.method == "POST":
        error, status = ("form_expired", {}), 400
    return render_template("console/login.html", form=form, error=error), status


@bp.post("/logout")
def logout():
    """Ends this account's sessions on every device: a copied cookie is worth nothing after it."""
    if LogoutForm().validate_on_submit():
        if g.user is not None:
            with runtime().db.session() as db:
                db.execute(update(AdminUser).where(AdminUser.id == g.user.id)
                           .values(session_epoch=AdminUser.session_epoch + 1))
                db.commit()
        session.clear()
    return redirect(url_for("console.login"))


class LogoutForm(FlaskForm):
    """Only a CSRF token: signing out is a POST, so another site cannot sign anyone out."""


def _check_password(email: str, password: str) -> AdminUser | None:
    with runtime().db.session(read_only=True) as db:
        user = db.scalars(select(AdminUser).where(AdminUser.email == email)).first()
    hashed = user.password_hash if user is not None else _UNKNOWN_USER_HASH
    return user if check_password_hash(hashed, password) and user is not None else None


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect."""
    if target and target.startswith("/admin") and not target.startswith("//"):
        return target
    return url_for("console.cases")


def _failure_keys(email: str) -> list[str]:
    return [f"console:login-failures:email:{email}", f"console:login-failures:addr:{request.remote_addr}"]


def _reserve_attempt(keys: list[str]) -> int:
    """Count this attempt as a failure before the password is checked, in one atomic step, so
    that guesses sent all at once cannot all slip past the limit; a right password takes it back.
    Seconds until sign-in opens again when the limit is already reached, else 0."""
    pipe = runtime().redis.pipeline()
    for key in keys:
        pipe.set(key, 0, ex=FAILURE_WINDOW_SECONDS, nx=True)  # the window starts at the first failure
        pipe.incr(key)
        pipe.ttl(key)
    replies = pipe.execute()
    for count, ttl in zip(replies[1::3], replies[2::3]):
        if count > MAX_FAILURES:
            return max(ttl, 1)
    return 0


def _forget_attempt(keys: list[str]) -> None:
    """A right password: that account's failures are forgotten, and this attempt is not one."""
    email_key, address_key = keys
    redis = runtime().redis
    redis.delete(email_key)
    if redis.decr(address_key) <= 0:  # also when the window ended meanwhile: no key without expiry
        redis.delete(address_key)
