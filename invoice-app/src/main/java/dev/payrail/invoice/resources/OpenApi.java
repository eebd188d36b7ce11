package dev.payrail.invoice.resources;

/**
 * Names in invoice-app's OpenAPI document that the resources' annotations refer to: the shared headers and problem
 * responses live in {@code src/main/openapi/openapi-components.yaml}, which the build merges with the annotations.
 * What every operation answers ({@code default}, {@code Request-Id}, 401, 406, 503) is added by
 * {@code dev.payrail.invoice.openapi.DocumentConventions}, not here.
 */
final class OpenApi {
    static final String LOCATION_HEADER = "#/components/headers/Location";
    static final String LINK_HEADER = "#/components/headers/Link";

    static final String INVALID_REQUEST = "#/components/responses/InvalidRequest";
    static final String INVOICE_NOT_FOUND = "#/components/responses/InvoiceNotFound";
    static final String CUSTOMER_NOT_FOUND = "#/components/responses/CustomerNotFound";
    static final String PAYMENT_RUN_NOT_FOUND = "#/components/responses/PaymentRunNotFound";
    static final String PAYMENT_RUN_IN_PROGRESS = "#/components/responses/PaymentRunInProgress";
    static final String UNAVAILABLE = "#/components/responses/Unavailable";

    /** The {@code adminToken} security scheme: needed on every POST when {@code ADMIN_TOKEN} is set. */
    static final String ADMIN_TOKEN = "adminToken";

    private OpenApi() {
    }
}
