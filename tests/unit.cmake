# Unit tests of the core's concepts, one Check executable per concept.
promo_add_check_test(test_status test_status.c)
promo_add_check_test(test_money test_money.c)
promo_add_check_test(test_text test_text.c)
promo_add_check_test(test_code_index test_code_index.c)
promo_add_check_test(test_calendar test_calendar.c)
promo_add_check_test(test_region test_region.c)
promo_add_check_test(test_catalog test_catalog.c)
promo_add_check_test(test_order test_order.c)
