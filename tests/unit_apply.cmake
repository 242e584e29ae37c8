# Unit tests of promo_apply and promo_order_complete: the pipeline's rules
# end to end through the public API.
