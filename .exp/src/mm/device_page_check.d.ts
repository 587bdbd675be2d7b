/** Called when a device page is made: check this execution's device pages at its end. */
export declare function arm_device_page_check(): void;
