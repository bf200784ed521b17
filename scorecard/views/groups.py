"""Comparator groups and their versions (issue 19): every member of staff and
councillor reads them; the performance administrator creates and edits them,
uploads each version as a CSV file (a preview first: nothing is saved until it is
confirmed, and never while the file has an error), removes a version, and sets a
metric's primary group. Writes go through ``scorecard.services.groups``; the
refusals through ``coventry_pm.core.errors`` (the one adapter)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coventry_pm.accounts.models import User
from coventry_pm.core.errors import show_on_page
from coventry_pm.core.exceptions import ApplicationError, ConflictError
from scorecard.domain.groups import version_in_force, year_start
from scorecard.domain.periods import Period
from scorecard.models import (
    ComparatorGroup,
    ComparatorValue,
    GroupMember,
    GroupVersion,
    Metric,
    Standing,
)
from scorecard.permissions import may_manage_groups, may_read_benchmarking
from scorecard.selectors import metrics_visible_to
from scorecard.services.groups import (
    comparator_group_save,
    group_version_create,
    group_version_preview,
    metric_primary_group_set,
    version_removal_refusal,
)
from scorecard.services.groups import group_version_remove as version_remove

# The largest file taken: a list of every council in England is a few kilobytes.
MAX_FILE_BYTES = 1_000_000
# How long a preview may wait for its confirmation.
PREVIEW_SECONDS = 60 * 60
_SALT = "scorecard.groups.upload"


def _reader(request: HttpRequest) -> User:
    user = request.user
    if not may_read_benchmarking(user):  # type: ignore[arg-type]
        raise PermissionDenied
    assert isinstance(user, User)
    return user


def _manager(request: HttpRequest) -> User:
    """The performance administrator, asked before anything of the request's
    body is read."""
    user = request.user
    if not may_manage_groups(user):  # type: ignore[arg-type]
        raise PermissionDenied
    assert isinstance(user, User)
    return user


# What a change that sent no version (or not a number) is checked against: no
# record has version 0, so it is refused as a conflict, never applied unchecked.
NO_VERSION = 0


def _version_sent(request: HttpRequest) -> int:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return NO_VERSION


def _year_label(year: str) -> str:
    return year.replace("-", "/")


def _year_before(year: str) -> str:
    start = year_start(year) - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _the_year_now() -> str:
    """The report year today is in ("2026-27")."""
    return str(Period.containing(timezone.localdate()))


# --- Forms -------------------------------------------------------------------------


class GroupForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label="Name", max_length=100)
    kind = forms.ChoiceField(
        label="Kind of group", choices=ComparatorGroup.Kind.choices
    )
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the group is for, as a reader of a report would want it.",
    )
    source = forms.CharField(
        label="Where the list comes from",
        max_length=200,
        required=False,
        help_text="For example: CIPFA's nearest neighbour model (licensed to the "
        "council), or the Department for Education's statistical neighbours.",
    )
    place_code = forms.CharField(
        label="The place the group's own figure is for: its ONS area code",
        max_length=12,
        required=False,
        help_text="Where a source publishes the group's own figure (England "
        "E92000001, the West Midlands E12000005). Leave blank for none.",
    )
    place_name = forms.CharField(
        label="That place's name",
        max_length=150,
        required=False,
        help_text="Needed only when no place has that code yet.",
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="The list, as a CSV file",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text="One member a row: a column headed Area code (or Code, ONS code, "
        "AREACD) and one headed Area name (or Name, AREANM); a column headed Rank "
        "(or Position) where the source ranks them.",
    )
    model_year = forms.CharField(
        label="Model year",
        max_length=12,
        required=False,
        help_text="The year the source built the list in, for example 2019.",
    )
    from_year = forms.CharField(
        label="First report year it is used for",
        max_length=7,
        help_text="Like 2024-25. Earlier years keep the version they use now.",
    )
    ranked = forms.BooleanField(
        label="The members are in the source's rank order, nearest first",
        required=False,
        help_text="A file with a rank column is taken as ranked.",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept with the version: why it was uploaded, where it came from.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                "The file is larger than 1 MB: a group's list is a few kilobytes. "
                "Check that it is the right file."
            )
        return upload


class PrimaryGroupForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    group = forms.ModelChoiceField(
        label="Primary comparator group",
        queryset=ComparatorGroup.objects.order_by("name"),
        required=False,
        empty_label="None",
        help_text="The group whose rank the metric shows first and the exports "
        "rank it in, unless the year's target names another group.",
    )


# --- Reading -----------------------------------------------------------------------


def group_list(request: HttpRequest) -> HttpResponse:
    """Every group: its kind, members in the version in force now, its versions,
    whether it has published figures, and the metrics it is primary for."""
    user = _reader(request)
    year = _the_year_now()
    groups = list(
        ComparatorGroup.objects.select_related("place")
        .annotate(primary_count=Count("primary_for", distinct=True))
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=GroupVersion.objects.annotate(
                    member_count=Count("members")
                ).order_by("number"),
            )
        )
        .order_by("name")
    )
    published = set(
        ComparatorValue.objects.filter(
            comparator_id__in=[g.comparator_id for g in groups if g.comparator_id],
            withdrawn_at__isnull=True,
        )
        .order_by()
        .values_list("comparator_id", flat=True)
        .distinct()
    )
    rows = []
    for group in groups:
        versions = list(group.versions.all())
        now = version_in_force([(v.from_year, v) for v in versions], year)
        rows.append(
            {
                "group": group,
                "versions": versions,
                "now": now,
                "members_now": now.member_count if now else 0,  # type: ignore[attr-defined]
                "published": group.comparator_id in published,
                "primary_count": group.primary_count,  # type: ignore[attr-defined]
            }
        )
    return render(
        request,
        "scorecard/groups/group_list.html",
        {"rows": rows, "year": year, "may_manage": may_manage_groups(user)},
    )


def _versions_shown(group: ComparatorGroup) -> list[dict[str, Any]]:
    """Each version (in the order of the years it is used for) with its members
    in order, the years it stands for, who joined and who left against the
    version before it, and the metrics with standings in it."""
    versions = list(
        group.versions.prefetch_related(
            Prefetch(
                "members",
                queryset=GroupMember.objects.select_related("place").order_by(
                    "position"
                ),
            )
        ).select_related("created_by")
    )
    versions.sort(key=lambda v: year_start(v.from_year))
    standing_metrics: dict[int, list[dict[str, Any]]] = {}
    for row in (
        Standing.objects.filter(version__in=versions)
        .values("version_id", "metric__code", "metric__name")
        .annotate(periods=Count("id"))
        .order_by("version_id", "metric__code")
    ):
        standing_metrics.setdefault(row["version_id"], []).append(row)
    shown = []
    previous: GroupVersion | None = None
    for index, version in enumerate(versions):
        following = versions[index + 1] if index + 1 < len(versions) else None
        start = _year_label(version.from_year)
        if following is None:
            years = f"{start} onwards"
        else:
            end = _year_label(_year_before(following.from_year))
            years = start if end == start else f"{start} to {end}"
        if index == 0 and following is not None:
            years += f", and any year before {start}"
        elif index == 0:
            years = f"{start} onwards, and any year before {start}"
        members = list(version.members.all())
        joined: list[GroupMember] = []
        left: list[GroupMember] = []
        if previous is not None:
            before = list(previous.members.all())
            before_codes = {m.place.code for m in before}
            codes = {m.place.code for m in members}
            joined = [m for m in members if m.place.code not in before_codes]
            left = [m for m in before if m.place.code not in codes]
        shown.append(
            {
                "version": version,
                "years": years,
                "members": members,
                "previous": previous,
                "joined": joined,
                "left": left,
                "metrics": standing_metrics.get(version.pk, []),
            }
        )
        previous = version
    return shown


def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    group = get_object_or_404(
        ComparatorGroup.objects.select_related("place", "comparator"), pk=pk
    )
    shown = _versions_shown(group)
    primary_for = list(
        Metric.objects.filter(primary_group=group).only("code", "name").order_by("code")
    )
    return render(
        request,
        "scorecard/groups/group_detail.html",
        {
            "group": group,
            "shown": list(reversed(shown)),
            "primary_for": primary_for,
            "may_manage": may_manage_groups(user),
            "published": group.comparator_id is not None
            and ComparatorValue.objects.filter(
                comparator_id=group.comparator_id, withdrawn_at__isnull=True
            ).exists(),
        },
    )


# --- Writing -----------------------------------------------------------------------


def _group_form(
    request: HttpRequest, group: ComparatorGroup | None
) -> tuple[GroupForm, ComparatorGroup | None]:
    initial: dict[str, Any] = {}
    if group is not None:
        initial = {
            "version": group.version,
            "name": group.name,
            "kind": group.kind,
            "description": group.description,
            "source": group.source,
            "place_code": group.place.code if group.place else "",
        }
    return GroupForm(request.POST or None, initial=initial), group


def _edit(request: HttpRequest, group: ComparatorGroup | None) -> HttpResponse:
    user = _manager(request)
    form, group = _group_form(request, group)
    theirs: ComparatorGroup | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = comparator_group_save(
                user=user,
                group=group,
                expected_version=(
                    None if group is None else data.get("version") or NO_VERSION
                ),
                name=data["name"],
                kind=data["kind"],
                description=data["description"],
                source=data["source"],
                place_code=data["place_code"],
                place_name=data["place_name"],
            )
        except ConflictError as error:
            # Keep what they typed; take the current version, so that saving
            # again is a deliberate overwrite of what the other person saved.
            assert group is not None
            group.refresh_from_db()
            posted = request.POST.copy()
            posted["version"] = str(group.version)
            form = GroupForm(posted)
            form.is_valid()
            show_on_page(request, error, form=form)
            theirs = group
        except (ApplicationError, ValidationError) as error:
            show_on_page(request, error, form=form)
        else:
            messages.success(
                request, f"“{saved.name}” {'saved' if group else 'created'}."
            )
            return redirect("scorecard:group_detail", pk=saved.pk)
    return render(
        request,
        "scorecard/groups/group_form.html",
        {"form": form, "group": group, "theirs": theirs},
        status=400 if form.errors else 200,
    )


def group_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    return _edit(request, get_object_or_404(ComparatorGroup, pk=pk))


def _preview_payload(
    group: ComparatorGroup, data: bytes, name: str, cleaned: dict[str, Any]
) -> str:
    return signing.dumps(
        {
            "group": group.pk,
            "version": group.version,
            "file": base64.b64encode(data).decode("ascii"),
            "name": name,
            "from_year": cleaned["from_year"],
            "model_year": cleaned["model_year"],
            "ranked": bool(cleaned["ranked"]),
            "note": cleaned["note"],
        },
        salt=_SALT,
        compress=True,
    )


def group_version_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """The upload form, and (posted) the preview of what it would make: nothing
    is saved here."""
    _manager(request)
    group = get_object_or_404(ComparatorGroup, pk=pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    preview = None
    payload = file_name = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        file_name = upload.name
        data = upload.read()
        preview = group_version_preview(
            group=group,
            data=data,
            from_year=form.cleaned_data["from_year"],
            model_year=form.cleaned_data["model_year"],
            ranked=form.cleaned_data["ranked"],
        )
        for name, message in preview.field_errors.items():
            form.add_error(name, message)
        if preview.file.errors:
            form.add_error(
                "file",
                f"The file has {len(preview.file.errors)} "
                f"{'error' if len(preview.file.errors) == 1 else 'errors'}, listed "
                "below by row and column: put them right and upload it again.",
            )
        if preview.ok:
            payload = _preview_payload(group, data, file_name, form.cleaned_data)
    return render(
        request,
        "scorecard/groups/version_upload.html",
        {
            "group": group,
            "form": form,
            "preview": preview,
            "payload": payload,
            "file_name": file_name,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def group_version_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the version a preview showed (its file and choices, signed into the
    preview page so the version saved is the one previewed)."""
    user = _manager(request)
    group = get_object_or_404(ComparatorGroup, pk=pk)
    try:
        sent = signing.loads(
            request.POST.get("payload", ""), salt=_SALT, max_age=PREVIEW_SECONDS
        )
        data = base64.b64decode(sent["file"])
    except (signing.BadSignature, KeyError, TypeError, binascii.Error):
        messages.error(
            request,
            "That preview has expired or could not be read: upload the file again.",
        )
        return redirect("scorecard:group_version_upload", pk=group.pk)
    if sent.get("group") != group.pk:
        messages.error(request, "That preview was for another group.")
        return redirect("scorecard:group_version_upload", pk=group.pk)
    try:
        version = group_version_create(
            user=user,
            group=group,
            expected_version=sent["version"],
            data=data,
            from_year=sent["from_year"],
            model_year=sent["model_year"],
            ranked=sent["ranked"],
            note=sent["note"],
        )
    except ConflictError:
        messages.error(
            request,
            "The group was changed by someone else since your preview (a version "
            "added or removed, or its details edited). Upload the file again to "
            "see what it would make now.",
        )
        return redirect("scorecard:group_version_upload", pk=group.pk)
    except (ApplicationError, ValidationError) as error:
        show_on_page(request, error)
        return redirect("scorecard:group_version_upload", pk=group.pk)
    count = version.members.count()
    messages.success(
        request,
        f"Version {version.number} saved: {count} "
        f"{'member' if count == 1 else 'members'}, used from "
        f"{_year_label(version.from_year)}. Ranks and comparisons have been "
        "worked out again.",
    )
    return redirect(
        reverse("scorecard:group_detail", kwargs={"pk": group.pk})
        + f"#version-{version.number}"
    )


def group_version_remove(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A confirmation page, and (posted) the removal."""
    user = _manager(request)
    group = get_object_or_404(ComparatorGroup, pk=pk)
    version = get_object_or_404(
        GroupVersion.objects.select_related("group"), group=group, number=number
    )
    if request.method == "POST":
        try:
            version_remove(
                user=user, version=version, expected_version=_version_sent(request)
            )
        except (ApplicationError, ValidationError) as error:
            show_on_page(request, error)
            return redirect("scorecard:group_version_remove", pk=pk, number=number)
        messages.success(
            request,
            f"Version {number} removed. The years it stood for use the group's "
            "other versions, and ranks and comparisons have been worked out again.",
        )
        return redirect("scorecard:group_detail", pk=pk)
    others = sorted(
        group.versions.exclude(pk=version.pk), key=lambda v: year_start(v.from_year)
    )
    takes_over = (
        version_in_force([(v.from_year, v) for v in others], version.from_year)
        if others
        else None
    )
    standing_count = Standing.objects.filter(version=version).count()
    return render(
        request,
        "scorecard/groups/version_remove.html",
        {
            "group": group,
            "version": version,
            "member_count": version.members.count(),
            "standing_count": standing_count,
            "takes_over": takes_over,
            "refusal": version_removal_refusal(version),
        },
    )


def metric_primary_group(request: HttpRequest, code: str) -> HttpResponse:
    """Set or clear a metric's primary comparator group (linked from its page)."""
    user = _manager(request)
    metric = get_object_or_404(
        metrics_visible_to(user).select_related("primary_group"), code=code
    )
    form = PrimaryGroupForm(
        request.POST or None,
        initial={"version": metric.version, "group": metric.primary_group},
    )
    if request.method == "POST" and form.is_valid():
        try:
            metric_primary_group_set(
                user=user,
                metric=metric,
                group=form.cleaned_data["group"],
                expected_version=form.cleaned_data["version"] or NO_VERSION,
            )
        except ConflictError as error:
            metric.refresh_from_db()
            posted = request.POST.copy()
            posted["version"] = str(metric.version)
            form = PrimaryGroupForm(posted)
            form.is_valid()
            show_on_page(request, error, form=form)
        except (ApplicationError, ValidationError) as error:
            show_on_page(request, error, form=form)
        else:
            chosen = form.cleaned_data["group"]
            messages.success(
                request,
                f"The primary comparator group is now {chosen.name}."
                if chosen
                else "The metric has no primary comparator group now.",
            )
            return redirect(metric.get_absolute_url())
    return render(
        request,
        "scorecard/groups/metric_primary_group.html",
        {"metric": metric, "form": form},
        status=400 if form.errors else 200,
    )
