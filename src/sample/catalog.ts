/** The pharmacy's product catalog (seeds/products.csv). Fixed, not random: models and tests join on it. */

export type ProductCategory = 'otc' | 'prescription' | 'lab_test' | 'wellness';

export const PRODUCT_CATEGORIES: readonly ProductCategory[] = ['otc', 'prescription', 'lab_test', 'wellness'];

export interface Product {
  product_id: string;
  sku: string;
  name: string;
  category: ProductCategory;
  /** USD */
  price: number;
  requires_prescription: boolean;
  /** long-term medication that patients refill about monthly */
  chronic: boolean;
}

type Entry = [sku: string, name: string, price: number, chronic?: boolean];

const OTC: Entry[] = [
  ['OTC-ACET-500', 'Acetaminophen 500mg, 100 tablets', 8.99],
  ['OTC-IBU-200', 'Ibuprofen 200mg, 50 tablets', 7.49],
  ['OTC-CETI-10', 'Cetirizine 10mg, 30 tablets', 12.99],
  ['OTC-LORA-10', 'Loratadine 10mg, 30 tablets', 11.49],
  ['OTC-OMEP-20', 'Omeprazole 20mg, 14 capsules', 14.99],
  ['OTC-DEXT-SYR', 'Dextromethorphan cough syrup, 120ml', 9.99],
  ['OTC-HYDRO-1', 'Hydrocortisone cream 1%, 28g', 6.49],
  ['OTC-SALINE-NS', 'Saline nasal spray, 44ml', 5.99],
  ['OTC-ORS-10', 'Oral rehydration salts, 10 sachets', 7.99],
  ['OTC-BAND-40', 'Adhesive bandages, 40 pack', 4.99],
];

const PRESCRIPTION: Entry[] = [
  ['RX-METF-500', 'Metformin 500mg, 60 tablets', 14.0, true],
  ['RX-ATOR-20', 'Atorvastatin 20mg, 30 tablets', 18.5, true],
  ['RX-LEVO-50', 'Levothyroxine 50mcg, 30 tablets', 16.75, true],
  ['RX-AMLO-5', 'Amlodipine 5mg, 30 tablets', 12.25, true],
  ['RX-LISI-10', 'Lisinopril 10mg, 30 tablets', 11.8, true],
  ['RX-SALB-INH', 'Salbutamol inhaler, 200 doses', 29.9, true],
  ['RX-AMOX-500', 'Amoxicillin 500mg, 21 capsules', 13.4],
  ['RX-AZIT-250', 'Azithromycin 250mg, 6 tablets', 15.6],
  ['RX-PRED-10', 'Prednisone 10mg, 20 tablets', 9.3],
  ['RX-SERT-50', 'Sertraline 50mg, 30 tablets', 21.0, true],
];

const LAB_TESTS: Entry[] = [
  ['LAB-CBC', 'Complete blood count', 29.0],
  ['LAB-LIPID', 'Lipid profile', 39.0],
  ['LAB-HBA1C', 'HbA1c (glycated haemoglobin)', 35.0],
  ['LAB-THYROID', 'Thyroid panel (TSH, T3, T4)', 49.0],
  ['LAB-VITD', 'Vitamin D (25-OH)', 45.0],
  ['LAB-CMP', 'Comprehensive metabolic panel', 55.0],
  ['LAB-FULLBODY', 'Full body check-up, 60 tests', 149.0],
];

const WELLNESS: Entry[] = [
  ['WEL-VITC-1000', 'Vitamin C 1000mg, 60 tablets', 13.99],
  ['WEL-VITD3-2000', 'Vitamin D3 2000 IU, 90 softgels', 15.49],
  ['WEL-OMEGA3', 'Omega-3 fish oil, 120 softgels', 24.99],
  ['WEL-MULTI', 'Daily multivitamin, 100 tablets', 19.99],
  ['WEL-PROBIO', 'Probiotic 10 strains, 30 capsules', 27.5],
  ['WEL-MELAT-3', 'Melatonin 3mg, 60 gummies', 11.99],
  ['WEL-WHEY-1KG', 'Whey protein, vanilla, 1kg', 39.99],
  ['WEL-BPMON', 'Blood pressure monitor', 54.99],
  ['WEL-GLUCO', 'Glucometer kit with 50 strips', 44.99],
];

function build(): Product[] {
  const groups: Array<[ProductCategory, Entry[]]> = [
    ['otc', OTC],
    ['prescription', PRESCRIPTION],
    ['lab_test', LAB_TESTS],
    ['wellness', WELLNESS],
  ];
  const out: Product[] = [];
  for (const [category, entries] of groups) {
    for (const [sku, name, price, chronic] of entries) {
      out.push({
        product_id: `P${String(out.length + 1).padStart(4, '0')}`,
        sku,
        name,
        category,
        price,
        requires_prescription: category === 'prescription',
        chronic: chronic === true,
      });
    }
  }
  return out;
}

export const PRODUCTS: readonly Product[] = build();

export function productsIn(category: ProductCategory): Product[] {
  return PRODUCTS.filter((p) => p.category === category);
}

/** what is sold through the cart (lab tests are booked, not shipped) */
export const SHOPPABLE_OTC_WELLNESS: readonly Product[] = PRODUCTS.filter((p) => p.category === 'otc' || p.category === 'wellness');
export const PRESCRIPTION_PRODUCTS: readonly Product[] = productsIn('prescription');
export const CHRONIC_PRODUCTS: readonly Product[] = PRODUCTS.filter((p) => p.chronic);
export const LAB_TEST_PRODUCTS: readonly Product[] = productsIn('lab_test');

/** the columns of seeds/products.csv (the `chronic` flag is simulation-only) */
export const PRODUCT_COLUMNS = ['product_id', 'sku', 'name', 'category', 'price', 'requires_prescription'] as const;
