# Unit tests of the core's concepts, one Check executable per concept.
promo_add_check_test(test_status test_status.c)
