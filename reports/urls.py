from django.urls import path

from reports.views import annual, benchmarks, imports

app_name = "reports"
urlpatterns = [
    path("imports/", imports.import_list, name="import_list"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/apply/", imports.import_apply, name="import_apply"),
    path("imports/<int:pk>/undo/", imports.import_undo, name="import_undo"),
    path("review/", imports.verdict_review_page, name="review"),
    # Other places' figures (issue 19): reports.views.benchmarks
    path("benchmarks/", benchmarks.benchmark_list, name="benchmark_list"),
    path("benchmarks/import/", benchmarks.benchmark_import, name="benchmark_import"),
    path(
        "benchmarks/<int:pk>/", benchmarks.benchmark_preview, name="benchmark_preview"
    ),
    path(
        "benchmarks/<int:pk>/columns/",
        benchmarks.benchmark_mapping,
        name="benchmark_mapping",
    ),
    path(
        "benchmarks/<int:pk>/indicators/",
        benchmarks.benchmark_indicators,
        name="benchmark_indicators",
    ),
    path(
        "benchmarks/<int:pk>/apply/", benchmarks.benchmark_apply, name="benchmark_apply"
    ),
    path("benchmarks/<int:pk>/undo/", benchmarks.benchmark_undo, name="benchmark_undo"),
    path("reports/", annual.report_list, name="report_list"),
    path("reports/runs/", annual.run_start, name="run_start"),
    path("reports/runs/<int:pk>/", annual.run_detail, name="run_detail"),
    path("reports/runs/<int:pk>/progress/", annual.run_progress, name="run_progress"),
    path("reports/<int:pk>/", annual.report_detail, name="report_detail"),
    path(
        "reports/<int:pk>/priorities/<int:number>/",
        annual.report_priority,
        name="report_priority",
    ),
    path(
        "reports/<int:pk>/directorates/<int:key>/",
        annual.report_directorate,
        name="report_directorate",
    ),
    path(
        "reports/<int:pk>/commentary/<str:scope>/<int:key>/",
        annual.narrative,
        name="narrative",
    ),
    path(
        "reports/<int:pk>/commentary/<str:scope>/<int:key>/sign-off/",
        annual.narrative_sign_off,
        name="narrative_sign_off",
    ),
    path("reports/<int:pk>/wider-basket/", annual.report_wider, name="report_wider"),
    path("reports/<int:pk>/report.pdf", annual.report_pdf, name="report_pdf"),
    path(
        "reports/<int:pk>/open-data/<str:fmt>.csv",
        annual.report_data,
        name="report_data",
    ),
    path("reports/<int:pk>/seminar/", annual.seminar, name="seminar"),
    path("reports/<int:pk>/approve/", annual.approve, name="report_approve"),
    path(
        "reports/<int:pk>/request-approval/",
        annual.request_approval,
        name="report_request_approval",
    ),
    path("reports/<int:pk>/publish/", annual.publish, name="report_publish"),
]
