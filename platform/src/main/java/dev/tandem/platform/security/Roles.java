package dev.tandem.platform.security;

/** The roles (JWT {@code groups}) every service knows; see ARCHITECTURE.md "Security". */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String MARKETING = "marketing";
    public static final String SALES = "sales";
    public static final String TRACKER = "tracker";

    private Roles() {
    }
}
