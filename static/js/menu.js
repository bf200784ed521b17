// The header's menu button (GOV.UK Frontend's service navigation): below the
// tablet breakpoint the navigation collapses behind it. Without this script the
// button stays hidden and the navigation stays open.
(function () {
  "use strict";
  if (!("noModule" in HTMLScriptElement.prototype) || !window.GOVUKFrontend) {
    return;
  }
  document.body.classList.add("govuk-frontend-supported");
  document
    .querySelectorAll('[data-module="govuk-service-navigation"]')
    .forEach(function (root) {
      new window.GOVUKFrontend.ServiceNavigation(root);
    });
})();
