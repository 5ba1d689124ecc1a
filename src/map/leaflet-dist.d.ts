// Leaflet's built script and style sheet, imported as text: wrangler.toml's [[rules]] (type "Text")
// bundle them into the Worker, and the vitest workers plugin honours the same rules.
declare module "leaflet/dist/leaflet.js" {
  const text: string;
  export default text;
}

declare module "leaflet/dist/leaflet.css" {
  const text: string;
  export default text;
}
