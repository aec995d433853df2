/// <reference types="@crxjs/vite-plugin/client" />
// Types of crxjs' `?script&iife` imports (the overlay host script's built file name).
