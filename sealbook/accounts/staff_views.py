"""The owner's pages for staff accounts and the successor custodian."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sealbook.access.policy import AccessDenied, Action, ReauthenticationRequired, authorize
from sealbook.accounts import staff
from sealbook.accounts.models import CLINICAL_ROLES, Role, User
from sealbook.core.errors import SealbookError


class NewStaffForm(forms.Form):
    email = forms.EmailField()
    display_name = forms.CharField(max_length=120)
    role = forms.ChoiceField(choices=Role.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class SupervisorForm(forms.Form):
    supervisor = forms.ModelChoiceField(
        queryset=User.objects.filter(role=Role.SUPERVISOR, is_active=True)
    )


class CustodianForm(forms.Form):
    custodian = forms.ModelChoiceField(
        queryset=User.objects.filter(role__in=CLINICAL_ROLES, is_active=True)
    )


def _may_manage_staff(request: HttpRequest) -> None:
    try:
        authorize(request.user, Action.MANAGE_STAFF)
    except ReauthenticationRequired:
        raise
    except AccessDenied:
        raise Http404() from None


def _staff_member(request: HttpRequest, user_id: int) -> User:
    _may_manage_staff(request)
    member = User.objects.filter(pk=user_id).first()
    if member is None:
        raise Http404()
    return member


@require_GET
@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    _may_manage_staff(request)
    users = User.objects.order_by("role", "display_name")
    return render(request, "accounts/staff_list.html", {"users": users, "form": NewStaffForm()})


@require_POST
@login_required
def staff_new(request: HttpRequest) -> HttpResponse:
    _may_manage_staff(request)
    form = NewStaffForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "web/problem.html",
            {"message": "Give an e-mail, a name and a role."},
            status=400,
        )
    try:
        user, password = staff.create_staff(request.user, **form.cleaned_data)
    except (ReauthenticationRequired, AccessDenied):
        raise
    except SealbookError as exc:
        return render(request, "web/problem.html", {"message": str(exc)}, status=400)
    return render(
        request, "accounts/temporary_password.html", {"member": user, "password": password}
    )


@require_http_methods(["GET", "POST"])
@login_required
def staff_reset_password(request: HttpRequest, user_id: int) -> HttpResponse:
    member = _staff_member(request, user_id)
    if request.method == "POST":
        password = staff.reset_password(request.user, member)
        return render(
            request, "accounts/temporary_password.html", {"member": member, "password": password}
        )
    return render(request, "accounts/reset_password.html", {"member": member})


@require_POST
@login_required
def staff_role(request: HttpRequest, user_id: int) -> HttpResponse:
    member = _staff_member(request, user_id)
    form = RoleForm(request.POST)
    try:
        if not form.is_valid():
            raise staff.StaffError("choose a role")
        staff.change_role(request.user, member, form.cleaned_data["role"])
    except staff.StaffError as exc:
        return render(request, "web/problem.html", {"message": str(exc)}, status=400)
    return staff_list(request)


@require_POST
@login_required
def staff_supervisor(request: HttpRequest, user_id: int) -> HttpResponse:
    member = _staff_member(request, user_id)
    form = SupervisorForm(request.POST)
    try:
        if not form.is_valid():
            raise staff.StaffError("choose a supervisor")
        staff.assign_supervisor(request.user, member, form.cleaned_data["supervisor"])
    except staff.StaffError as exc:
        return render(request, "web/problem.html", {"message": str(exc)}, status=400)
    return staff_list(request)


@require_http_methods(["GET", "POST"])
@login_required
def custodian(request: HttpRequest) -> HttpResponse:
    from sealbook.access.models import current_policy
    from sealbook.practice.custodian import CustodianError, name_custodian

    try:
        authorize(request.user, Action.MANAGE_PRACTICE)
    except ReauthenticationRequired:
        raise
    except AccessDenied:
        raise Http404() from None
    form = CustodianForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            kit = name_custodian(request.user, form.cleaned_data["custodian"])
        except CustodianError as exc:
            error = str(exc)
        else:
            response = HttpResponse(kit, content_type="text/plain; charset=us-ascii")
            response["Content-Disposition"] = 'attachment; filename="sealbook-custodian-kit.txt"'
            return response
    return render(
        request,
        "accounts/custodian.html",
        {"form": form, "error": error, "current": current_policy().custodian},
        status=400 if error or form.errors else 200,
    )
