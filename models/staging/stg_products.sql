-- The product catalog (seed), typed.
select
    product_id,
    sku,
    name as product_name,
    category,
    {{ money('price') }} as price,
    cast(requires_prescription as boolean) as requires_prescription
from {{ ref('products') }}
