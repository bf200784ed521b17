"""FilterSets for the appraisal API. They narrow what the selectors already scoped."""

import django_filters

from appraisals.models import Appraisal, AppraisalObjective, OneToOne
from coventry_pm.core.filters import IdFilter


class AppraisalFilter(django_filters.FilterSet):
    year = django_filters.CharFilter()
    status = django_filters.ChoiceFilter(choices=Appraisal.Status.choices)
    employee = IdFilter(field_name="employee_id")

    class Meta:
        model = Appraisal
        fields = ["year", "status", "employee"]


class AppraisalObjectiveFilter(django_filters.FilterSet):
    appraisal = IdFilter(field_name="appraisal_id")
    year = django_filters.CharFilter(field_name="appraisal__year")

    class Meta:
        model = AppraisalObjective
        fields = ["appraisal", "year"]


class OneToOneFilter(django_filters.FilterSet):
    appraisal = IdFilter(field_name="appraisal_id")
    year = django_filters.CharFilter(field_name="appraisal__year")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = OneToOne
        fields = ["appraisal", "year", "date_from", "date_to"]
