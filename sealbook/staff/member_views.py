"""The owner's pages for staff accounts and the successor custodian."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from sealbook.access.pages import authorize_or_404
from sealbook.access.policy import Action
from sealbook.accounts.models import STAFF_ROLE_CHOICES, User
from sealbook.staff import deactivation, invitations, members


class NewStaffForm(forms.Form):
    email = forms.EmailField()
    display_name = forms.CharField(max_length=120)
    # Someone added by mistake, or before their job is settled, should see as
    # little as possible until the owner decides otherwise.
    role = forms.ChoiceField(choices=STAFF_ROLE_CHOICES, initial=members.least_privileged_role)


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        choices=STAFF_ROLE_CHOICES,
        error_messages={
            "required": "choose a role",
            "invalid_choice": "choose one of the roles listed",
        },
    )


class SupervisorForm(forms.Form):
    supervisor = forms.ModelChoiceField(
        queryset=members.active_supervisors(),
        error_messages={
            "required": "choose a supervisor",
            "invalid_choice": "choose one of the supervisors listed",
        },
    )


class HomeAddressForm(forms.Form):
    street = forms.CharField(max_length=200, required=False)
    postal_code = forms.CharField(max_length=20, required=False)


class CustodianForm(forms.Form):
    custodian = forms.ModelChoiceField(queryset=members.active_clinical_staff())


def _may_manage_staff(request: HttpRequest) -> None:
    authorize_or_404(request.user, Action.MANAGE_STAFF)


def _staff_member(request: HttpRequest, user_id: int) -> User:
    _may_manage_staff(request)
    member = User.objects.staff().filter(pk=user_id).first()
    if member is None:
        raise Http404()
    return member


def _staff_page(
    request: HttpRequest, form: NewStaffForm | None = None, error: str = "", status: int = 200
) -> HttpResponse:
    users = list(
        User.objects.staff()
        .order_by("role", "display_name")
        .prefetch_related("supervisors__supervisor")
    )
    choices = members.supervisor_choices(users)
    for member in users:
        member.supervisor_choices = choices[member.pk]  # type: ignore[attr-defined]
    return render(
        request,
        "staff/staff_list.html",
        {
            "users": users,
            "invited": invitations.pending(users),
            "form": form or NewStaffForm(),
            "roles": STAFF_ROLE_CHOICES,
            "error": error,
        },
        status=status,
    )


def _first_error(form: forms.Form) -> str:
    return str(next(iter(form.errors.values()))[0])


@require_GET
@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    _may_manage_staff(request)
    return _staff_page(request)


@require_http_methods(["GET", "POST"])
@login_required
def staff_new(request: HttpRequest) -> HttpResponse:
    _may_manage_staff(request)
    if request.method == "GET":  # back from re-authentication (see below, staff_role)
        return redirect("staff")
    form = NewStaffForm(request.POST)
    if not form.is_valid():
        return _staff_page(
            request, form, "The account was not created: give an e-mail, a name and a role.", 400
        )
    try:
        if request.POST.get("send") == "invitation":
            user = invitations.invite_staff(
                request.user, **form.cleaned_data, link_base=request.build_absolute_uri("/")
            )
        else:
            user, password = members.create_staff(request.user, **form.cleaned_data)
    except members.StaffError as exc:
        return _staff_page(request, form, f"The account was not created: {exc}.", 400)
    if request.POST.get("send") == "invitation":
        messages.success(
            request, f"{user.display_name} was invited: the link in the e-mail works for 72 hours."
        )
        return redirect("staff")
    return render(request, "staff/temporary_password.html", {"member": user, "password": password})


@require_http_methods(["GET", "POST"])
@login_required
def staff_reset_password(request: HttpRequest, user_id: int) -> HttpResponse:
    member = _staff_member(request, user_id)
    if request.method == "POST":
        password = members.reset_password(request.user, member)
        return render(
            request, "staff/temporary_password.html", {"member": member, "password": password}
        )
    return render(request, "staff/reset_password.html", {"member": member})


# The staff page's forms post to these views. When re-authentication has lapsed,
# staff.sudo sends the owner to confirm their password and then back to the
# form's URL with a GET: answer it with the staff page, to submit again from there.


@require_http_methods(["GET", "POST"])
@login_required
def staff_role(request: HttpRequest, user_id: int) -> HttpResponse:
    member = _staff_member(request, user_id)
    if request.method == "GET":
        return redirect("staff")
    form = RoleForm(request.POST)
    try:
        if not form.is_valid():
            raise members.StaffError(_first_error(form))
        members.change_role(request.user, member, form.cleaned_data["role"])
    except members.StaffError as exc:
        return _staff_page(request, error=f"{member.display_name}'s role was not changed: {exc}.",
                           status=400)  # fmt: skip
    messages.success(request, f"{member.display_name} is now {member.get_role_display()}.")
    return redirect("staff")


@require_http_methods(["GET", "POST"])
@login_required
def staff_supervisor(request: HttpRequest, user_id: int) -> HttpResponse:
    member = _staff_member(request, user_id)
    if request.method == "GET":
        return redirect("staff")
    form = SupervisorForm(request.POST)
    try:
        if not form.is_valid():
            raise members.StaffError(_first_error(form))
        supervisor = form.cleaned_data["supervisor"]
        members.assign_supervisor(request.user, member, supervisor)
    except members.StaffError as exc:
        return _staff_page(request, error=f"No supervisor was assigned: {exc}.", status=400)
    messages.success(request, f"{supervisor.display_name} now supervises {member.display_name}.")
    return redirect("staff")


@require_http_methods(["GET", "POST"])
@login_required
def staff_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    """The confirmation page (GET), and the deactivation itself (POST)."""
    member = _staff_member(request, user_id)
    if request.method == "POST":
        try:
            deactivation.deactivate(request.user, member)
        except members.StaffError as exc:
            return _staff_page(
                request, error=f"{member.display_name} was not deactivated: {exc}.", status=400
            )
        messages.success(request, f"{member.display_name} was deactivated.")
        return redirect("staff-report", user_id=member.pk)
    return render(
        request,
        "staff/deactivate.html",
        {"member": member, "report": deactivation.responsibilities(request.user, member)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def staff_invite_again(request: HttpRequest, user_id: int) -> HttpResponse:
    member = _staff_member(request, user_id)
    if request.method == "GET":  # back from re-authentication: submit again from the page
        return redirect("staff")
    try:
        invitations.invite_again(request.user, member, link_base=request.build_absolute_uri("/"))
    except members.StaffError as exc:
        return _staff_page(request, error=f"No invitation was sent: {exc}.", status=400)
    messages.success(
        request,
        f"A new invitation was sent to {member.display_name}; the old link no longer works.",
    )
    return redirect("staff")


@require_http_methods(["GET", "POST"])
@login_required
def staff_reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    """The confirmation page (GET), and the reactivation with a new invitation (POST)."""
    member = _staff_member(request, user_id)
    if request.method == "POST":
        try:
            invitations.reactivate(request.user, member, link_base=request.build_absolute_uri("/"))
        except members.StaffError as exc:
            return _staff_page(
                request, error=f"{member.display_name} was not reactivated: {exc}.", status=400
            )
        messages.success(
            request,
            f"{member.display_name} was reactivated: the link in the e-mail works for 72 hours.",
        )
        return redirect("staff")
    return render(request, "staff/reactivate.html", {"member": member})


@require_GET
@login_required
def staff_report(request: HttpRequest, user_id: int) -> HttpResponse:
    """What a staff member is (or was, until deactivated) responsible for; printable."""
    member = _staff_member(request, user_id)
    return render(
        request,
        "staff/report.html",
        {"member": member, "report": deactivation.responsibilities(request.user, member)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def staff_home_address(request: HttpRequest, user_id: int) -> HttpResponse:
    """The member's home address for the family alert: kept as a blind index only."""
    member = _staff_member(request, user_id)
    form = HomeAddressForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            kept = members.set_home_address(request.user, member, **form.cleaned_data)
        except members.StaffError as exc:
            error = f"Nothing was changed: {exc}."
        else:
            messages.success(
                request,
                f"{member.display_name}'s home address is kept for the family alert."
                if kept
                else f"{member.display_name} has no home address recorded now.",
            )
            return redirect("staff")
    return render(
        request,
        "staff/home_address.html",
        {"member": member, "form": form, "error": error},
        status=400 if error or form.errors else 200,
    )


@require_GET
@login_required
def staff_report_pdf(request: HttpRequest, user_id: int) -> HttpResponse:
    """The same report as a PDF, to keep with the termination paperwork."""
    from sealbook.access.pages import problem
    from sealbook.pdf.fonts import FontsMissing, PdfRefused
    from sealbook.staff.report_pdf import report_pdf

    member = _staff_member(request, user_id)
    try:
        pdf = report_pdf(member, deactivation.responsibilities(request.user, member))
    except PdfRefused as refused:
        return problem(request, str(refused), 503 if isinstance(refused, FontsMissing) else 422)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="staff-responsibilities.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def custodian(request: HttpRequest) -> HttpResponse:
    from sealbook.access import practice_policy
    from sealbook.practice.custodian import CustodianError, name_custodian

    authorize_or_404(request.user, Action.MANAGE_PRACTICE)
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
        "staff/custodian.html",
        {"form": form, "error": error, "current": practice_policy.current().custodian},
        status=400 if error or form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def practice_policy_page(request: HttpRequest) -> HttpResponse:
    """Every setting of the practice policy on one page, for the owner (after re-authentication)."""
    from sealbook.staff import policy_page
    from sealbook.staff.passkeys import PolicyRefused
    from sealbook.staff.policy_page import PolicyError

    authorize_or_404(request.user, Action.MANAGE_PRACTICE)
    form = policy_page.policy_form(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            changed = policy_page.change_policy(request.user, form.cleaned_data)
        except (PolicyError, PolicyRefused) as exc:
            error = f"The policy was not changed: {exc}."
        else:
            messages.success(
                request,
                f"The practice policy is saved ({len(changed)} setting"
                f"{'' if len(changed) == 1 else 's'} changed).",
            )
            return redirect("practice-policy")
    return render(
        request,
        "staff/practice_policy.html",
        {"form": form, "sections": policy_page.sections(form), "error": error},
        status=400 if error or form.errors else 200,
    )
