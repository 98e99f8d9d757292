/** Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008), in the order used by charts. */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;

/** 三色督办 light colours from Okabe–Ito (vermillion / orange / sky blue / bluish green), always shown with a word. */
export const LIGHT_COLOURS = { red: '#D55E00', yellow: '#E69F00', blue: '#56B4E9', green: '#009E73', done: '#7F8C99' } as const;
