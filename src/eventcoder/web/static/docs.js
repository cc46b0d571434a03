// The API explorer at /docs, from the copy of Swagger UI in static/vendor (no CDN), kept out of
// the page's markup so the Content-Security-Policy needs no inline script.
/* global SwaggerUIBundle */
window.addEventListener("DOMContentLoaded", () => {
  SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, validatorUrl: null });
});
