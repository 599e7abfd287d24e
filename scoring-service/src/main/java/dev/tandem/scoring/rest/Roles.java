package dev.tandem.scoring.rest;

/** JWT groups the service knows. */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String MARKETING = "marketing";
    public static final String SALES = "sales";
    public static final String TRACKER = "tracker";

    private Roles() {
    }
}
